package dev.ccx.fakemodel.script;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** The planner's decision for one request: the turn, how long to wait first, and usage to report. */
public record Plan(Turn turn, Duration sleep, Optional<Script.Usage> usage) {

    public Plan {
        Objects.requireNonNull(turn, "turn");
        Objects.requireNonNull(sleep, "sleep");
        Objects.requireNonNull(usage, "usage");
    }

    /** A plan that answers at once with {@code text}. */
    public static Plan answer(String text) {
        return new Plan(new Turn.Answer(text, Optional.empty(), Optional.empty()), Duration.ZERO, Optional.empty());
    }
}
