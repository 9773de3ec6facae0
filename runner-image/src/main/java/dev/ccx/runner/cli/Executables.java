package dev.ccx.runner.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a program the way a shell would (a name with a slash as is, otherwise on PATH), without a shell. */
public final class Executables {

    private Executables() {
    }

    /** The absolute path of {@code program}, empty when it is not an executable file. */
    public static Optional<Path> find(String program, String path) {
        try {
            if (program.contains("/")) {
                Path p = Path.of(program).toAbsolutePath();
                return Files.isRegularFile(p) && Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
            }
            for (String dir : path.split(":")) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p.toAbsolutePath());
                }
            }
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
