package dev.ccx.runner.cli;

import java.util.Optional;

/** Codex's sandbox modes; {@link #DANGER_FULL_ACCESS} leaves the container as the only sandbox. */
public enum CodexSandbox {
    READ_ONLY("read-only"),
    WORKSPACE_WRITE("workspace-write"),
    DANGER_FULL_ACCESS("danger-full-access");

    private final String wireName;

    CodexSandbox(String wireName) {
        this.wireName = wireName;
    }

    /** The name used on the wire and by {@code codex --sandbox}. */
    public String wireName() {
        return wireName;
    }

    /** The mode with this wire name, if any. */
    public static Optional<CodexSandbox> fromWireName(String name) {
        for (CodexSandbox s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
