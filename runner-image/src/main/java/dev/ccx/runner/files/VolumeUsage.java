package dev.ccx.runner.files;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What writable volumes occupy on disk, measured the way the disk sees it: the blocks every file and directory
 * holds (so preallocated and sparse files count by what they really take), each entry charged at least
 * {@link #ENTRY_MINIMUM} bytes (so millions of empty files count too). Walked by {@code find} without following
 * links or leaving the volumes; a directory the agent made unreadable is given back its owner's access on the way.
 */
public final class VolumeUsage {

    /** The least any file, directory or link is charged: one 4 KiB block, its inode's worth of disk. */
    public static final long ENTRY_MINIMUM = 4096;

    private static final String FIND = Files.isExecutable(Path.of("/usr/bin/find")) ? "/usr/bin/find" : "find";
    private static final long MAX_WALK_SECONDS = 120;

    private VolumeUsage() {
    }

    /** Bytes {@code roots} occupy; throws when the walk cannot run (e.g. no process can be started). */
    public static long measure(List<Path> roots) throws IOException {
        List<String> argv = new ArrayList<>(List.of(FIND));
        roots.stream().filter(Files::isDirectory).forEach(root -> argv.add(root.toString()));
        if (argv.size() == 1) {
            return 0;
        }
        // Each unreadable directory is repaired before find descends into it (the -exec runs on the directory
        // entry first); then every entry prints its 512-byte block count.
        argv.addAll(List.of("-xdev", "(", "-type", "d", "!", "-perm", "-u=rwx", "-exec", "chmod", "u+rwx", "{}",
                ";", ")", ",", "-printf", "%b\\n"));
        Process find = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        long total = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(find.getInputStream(),
                StandardCharsets.US_ASCII))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                total += Math.max(parseBlocks(line) * 512, ENTRY_MINIMUM);
            }
            if (!find.waitFor(MAX_WALK_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException("the walk of " + roots + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while measuring " + roots, e);
        } finally {
            find.destroyForcibly();
        }
        return total;
    }

    private static long parseBlocks(String line) {
        try {
            return Long.parseLong(line.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
