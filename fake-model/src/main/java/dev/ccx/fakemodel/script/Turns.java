package dev.ccx.fakemodel.script;

import java.time.Duration;
import java.util.Optional;

/** Accessors shared by the wire writers for what every kind of {@link Turn} may carry. */
public final class Turns {

    private Turns() {
    }

    /** The thinking text to show before the turn's content, if any. */
    public static Optional<String> thinking(Turn turn) {
        if (turn instanceof Turn.ToolUse use) {
            return use.thinking();
        }
        return turn instanceof Turn.Answer a ? a.thinking() : Optional.empty();
    }

    /** The pacing of a final answer, if any. */
    public static Optional<Script.StreamPacing> pacing(Turn turn) {
        return turn instanceof Turn.Answer a ? a.pacing() : Optional.empty();
    }

    /** How long a paced answer takes; a non-streaming answer waits that long before it is sent. */
    public static Duration pacedDuration(Turn turn) {
        return pacing(turn).map(Script.StreamPacing::total).orElse(Duration.ZERO);
    }
}
