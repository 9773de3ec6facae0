package dev.ccx.runner.chat;

/** A 1M-context Claude model was unavailable after the retry and the 200K model answered instead. */
public record Fallback(String from, String to) {

    /** The notice put before the answer so the caller sees the switch (spec 5.9). */
    public String notice() {
        return "[Fallback notice: requested " + from + " but 1M context was unavailable after retry; served with "
                + to + " (200K context) instead.]";
    }
}
