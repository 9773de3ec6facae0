package dev.ccx.orchestrator.slot;

/** The three named volumes of a slot and where each is mounted in the runner. */
public enum VolumeKind {
    CLAUDE("claude", "/home/runner/.claude"),
    CODEX("codex", "/home/runner/.codex"),
    JOBS("jobs", "/jobs");

    private final String suffix;
    private final String mountPath;

    VolumeKind(String suffix, String mountPath) {
        this.suffix = suffix;
        this.mountPath = mountPath;
    }

    public String suffix() {
        return suffix;
    }

    public String mountPath() {
        return mountPath;
    }
}
