package dev.ccx.runner.chat;

import dev.ccx.runner.cli.RunListener;

/** Passes streamed text on, remembering whether any was sent and putting a pending notice in front of the first. */
final class TextRelay implements RunListener {

    private final RunListener target;
    private String prefix = "";
    private boolean sent;

    TextRelay(RunListener target) {
        this.target = target;
    }

    /** Text to emit right before the next piece (the fallback notice). */
    void prefix(String text) {
        prefix = text;
    }

    boolean sentAny() {
        return sent;
    }

    @Override
    public void onText(String delta) {
        if (!prefix.isEmpty()) {
            String p = prefix;
            prefix = "";
            target.onText(p);
        }
        sent = true;
        target.onText(delta);
    }
}
