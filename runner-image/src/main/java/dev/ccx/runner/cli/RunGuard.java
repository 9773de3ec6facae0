package dev.ccx.runner.cli;

/** Watches runs from outside the CLI: may refuse a run before it starts, or stop it with a reason while it runs. */
@FunctionalInterface
public interface RunGuard {

    /** A guard that never interferes. */
    RunGuard NONE = cancel -> () -> { };

    /**
     * Starts watching the run that {@code cancel} stops (through {@link Cancellation#cancel(
     * dev.ccx.runner.error.AgentException)}); throws the refusal when the run must not start.
     */
    Watch watch(Cancellation cancel);

    /** One watched run; closing it ends the watch. */
    interface Watch extends AutoCloseable {
        /** Called when the CLI succeeded; throws when the run must fail all the same (it broke a limit). */
        default void finish() {
        }

        @Override
        void close();
    }
}
