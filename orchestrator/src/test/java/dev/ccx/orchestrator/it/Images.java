package dev.ccx.orchestrator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds this repository's images with the docker CLI, at most once per source state: an image labelled with the
 * hash of its build inputs is reused, so one {@code mvn verify} builds each image once (and compose reuses them).
 */
public final class Images {
    public static final String RUNNER = "ccx-runner:latest";
    public static final String ORCHESTRATOR = "ccx-orchestrator:latest";
    private static final String LABEL = "dev.ccx.source-hash";

    private Images() {}

    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("runner-image/Dockerfile"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public static synchronized String runner() {
        return ensure(RUNNER, "runner-image/Dockerfile");
    }

    public static synchronized String orchestrator() {
        return ensure(ORCHESTRATOR, "orchestrator/Dockerfile");
    }

    private static String ensure(String tag, String dockerfile) {
        DockerSupport.docker();
        Path root = repoRoot();
        String hash = sourceHash(root, dockerfile);
        if (hash.equals(run(root, false, "docker", "image", "inspect", "--format",
                "{{ index .Config.Labels \"" + LABEL + "\" }}", tag).trim())) {
            return tag;
        }
        List<String> command = new ArrayList<>(List.of("docker", "build", "-f", dockerfile, "-t", tag,
                "--label", LABEL + "=" + hash));
        String extraCa = System.getenv("CCX_EXTRA_CA_PEM");
        if (extraCa != null && Files.isRegularFile(Path.of(extraCa))) {
            command.add("--build-arg");
            command.add("EXTRA_CA_PEM=" + read(Path.of(extraCa)));
        }
        command.add(".");
        run(root, true, command.toArray(String[]::new));
        return tag;
    }

    /** A digest of every file the Dockerfiles copy from the repository. */
    static String sourceHash(Path root, String dockerfile) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>();
            for (String dir : List.of("fake-model", "runner-image", "orchestrator", "policies")) {
                try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> !root.relativize(p).toString().contains("/target/"))
                            .forEach(files::add);
                }
            }
            files.add(root.resolve("pom.xml"));
            files.add(root.resolve(dockerfile));
            files.sort(null);
            for (Path file : files) {
                sha.update(root.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a command in {@code dir}; with {@code check}, a non-zero exit fails with the output's tail. */
    static String run(Path dir, boolean check, String... command) {
        try {
            Path log = Files.createTempFile("ccx-docker", ".log");
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            int exit = process.waitFor();
            String output = Files.readString(log);
            Files.deleteIfExists(log);
            if (check && exit != 0) {
                String tail = output.length() > 4000 ? output.substring(output.length() - 4000) : output;
                throw new IllegalStateException(String.join(" ", command.length > 3
                        ? List.of(command).subList(0, 3) : List.of(command)) + " failed (" + exit + "):\n" + tail);
            }
            return exit == 0 ? output : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
