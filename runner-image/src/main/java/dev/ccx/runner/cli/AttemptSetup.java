package dev.ccx.runner.cli;

import java.nio.file.Path;

/**
 * What differs between attempts of one run.
 *
 * @param cwd       working directory of this attempt
 * @param runDir    private per-run directory (prompt file, Codex last-message file)
 * @param model     the model of this attempt (the 200K model on a fallback)
 * @param sessionId fresh Claude session id
 * @param stream    the caller streams, so ask Claude for token deltas
 */
public record AttemptSetup(Path cwd, Path runDir, String model, String sessionId, boolean stream) {

    /** Where a too-large prompt is written for stdin. */
    public Path promptFile() {
        return runDir.resolve("prompt.txt");
    }

    /** Where a too-large Claude system prompt is written. */
    public Path systemPromptFile() {
        return runDir.resolve("system-prompt.txt");
    }

    /** Codex's last-message file. */
    public Path lastMessageFile() {
        return runDir.resolve("last-message.txt");
    }
}
