package dev.ccx.runner.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the runner image from this repository once per test JVM ({@code docker build -f runner-image/Dockerfile}
 * with the repository root as context), passing the machine's extra CA certificates from {@code CCX_EXTRA_CA_PEM}.
 */
final class RunnerImage {

    static final String TAG = "ccx-runner:latest";
    private static boolean built;

    private RunnerImage() {
    }

    /** The image tag, built on first use. */
    static synchronized String build() {
        if (!built) {
            List<String> args = new ArrayList<>(List.of("build", "-f", "runner-image/Dockerfile", "-t", TAG));
            extraCa().ifPresent(pem -> args.addAll(List.of("--build-arg", "EXTRA_CA_PEM=" + pem)));
            args.add(".");
            Docker.run(Duration.ofMinutes(30), repoRoot(), args).requireSuccess("docker build of " + TAG);
            built = true;
        }
        return TAG;
    }

    /** The repository root: CCX_REPO_ROOT (set by the Maven build) or the parent of the module directory. */
    static Path repoRoot() {
        String configured = System.getenv("CCX_REPO_ROOT");
        Path root = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath().getParent();
        return root.toAbsolutePath().normalize();
    }

    private static java.util.Optional<String> extraCa() {
        String file = System.getenv("CCX_EXTRA_CA_PEM");
        if (file == null || file.isBlank()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Files.readString(Path.of(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("CCX_EXTRA_CA_PEM names an unreadable file", e);
        }
    }
}
