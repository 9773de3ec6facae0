package dev.ccx.runner.cli;

/** How one CLI attempt ended. */
public sealed interface Attempt {

    /** The CLI answered. */
    record Succeeded(String content, TokenUsage usage) implements Attempt {
    }

    /**
     * The CLI failed.
     *
     * @param message   safe to show the caller (redacted, bounded)
     * @param retryable false for deterministic failures (bad request upstream, auth, max turns, missing CLI)
     */
    record Failed(String message, boolean retryable) implements Attempt {
    }

    /** The run's deadline passed; the process tree was stopped. */
    record TimedOut() implements Attempt {
    }

    /** The caller went away or cancelled; the process tree was stopped. */
    record Cancelled() implements Attempt {
    }
}
