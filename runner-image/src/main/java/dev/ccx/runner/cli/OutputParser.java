package dev.ccx.runner.cli;

/** Reads a CLI's JSON-lines stdout as it arrives and decides the attempt's outcome when the CLI has exited. */
public interface OutputParser {

    /** One line of stdout; text for the caller goes to {@code listener}. */
    void accept(String line, RunListener listener);

    /** The outcome once the process exited with {@code exitCode}; {@code stderrTail} is the end of stderr. */
    Attempt finish(int exitCode, String stderrTail);
}
