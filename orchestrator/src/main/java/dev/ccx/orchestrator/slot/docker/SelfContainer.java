package dev.ccx.orchestrator.slot.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the id of the container this orchestrator runs in (if any), so it can join the networks its runners
 * live on. Reads {@code /proc/self/mountinfo}, which names the container's own directory under both cgroup v1 and v2.
 */
public final class SelfContainer {
    private static final Pattern CONTAINER_DIR = Pattern.compile("/containers/([0-9a-f]{64})/");

    private SelfContainer() {}

    public static Optional<String> id(Optional<String> configured) {
        if (configured.isPresent()) {
            return configured;
        }
        Path mountinfo = Path.of("/proc/self/mountinfo");
        if (!Files.exists(Path.of("/.dockerenv")) || !Files.isReadable(mountinfo)) {
            return Optional.empty();
        }
        try {
            return parse(Files.readString(mountinfo));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<String> parse(String mountinfo) {
        Matcher m = CONTAINER_DIR.matcher(mountinfo);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
