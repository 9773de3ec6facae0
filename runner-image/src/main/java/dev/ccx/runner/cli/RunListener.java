package dev.ccx.runner.cli;

/** Receives answer text while a CLI produces it (the streaming path). */
@FunctionalInterface
public interface RunListener {

    /** A piece of the assistant's answer. */
    void onText(String delta);

    /** A listener that drops everything (non-streaming requests). */
    RunListener NONE = delta -> { };
}
