package dev.ccx.runner.cli;

/** How a run may touch files (spec 5.5). */
public enum Mode {
    /** No tools, no /jobs: the CLI runs in a fresh empty directory. */
    TEXT_ONLY,
    /** Tools on, working in a directory of /jobs ({@code job}, {@code cwd}, {@code add_dirs}, {@code allowed_tools}). */
    DIRECT,
    /** Tools on, working in a scratch directory whose files are returned inline. */
    OUTPUT_FILES
}
