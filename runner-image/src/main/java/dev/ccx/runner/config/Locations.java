package dev.ccx.runner.config;

import java.nio.file.Path;

/**
 * Where things live in the runner.
 *
 * @param jobsDir    the user's job volume; every caller-named path must resolve inside it
 * @param workDir    per-run scratch directories (on the /tmp tmpfs)
 * @param tmpDir     TMPDIR and XDG directories of the CLIs
 * @param home       HOME of the CLIs
 * @param claudeHome CLAUDE_CONFIG_DIR (the user's Claude volume)
 * @param codexHome  CODEX_HOME (the user's Codex volume)
 */
public record Locations(Path jobsDir, Path workDir, Path tmpDir, Path home, Path claudeHome, Path codexHome) {
}
