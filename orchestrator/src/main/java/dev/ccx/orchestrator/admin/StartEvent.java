package dev.ccx.orchestrator.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** One runner start: when it became ready, how ({@code cold}, {@code resume}, {@code adopt}) and how long it took. */
public record StartEvent(Instant at, String kind, Duration elapsed) {
    public StartEvent {
        Objects.requireNonNull(at);
        Objects.requireNonNull(kind);
        Objects.requireNonNull(elapsed);
    }
}
