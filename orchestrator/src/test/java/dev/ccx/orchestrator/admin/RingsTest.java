package dev.ccx.orchestrator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dashboard's bounded in-memory rings: recent starts and recent errors. */
class RingsTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static ErrorEvent error(int status, String route) {
        return new ErrorEvent(Instant.EPOCH, status, Optional.of("code"), "GET", route, Optional.empty(),
                Optional.empty(), "req");
    }

    @Test
    void starts_older_than_an_hour_drop_out() {
        StartHistory history = new StartHistory(clock);
        history.started("cold", Duration.ofMillis(700));
        clock.advance(Duration.ofMinutes(30));
        history.started("resume", Duration.ofMillis(200));
        assertThat(history.recent()).extracting(StartEvent::kind).containsExactly("cold", "resume");
        clock.advance(Duration.ofMinutes(31));
        assertThat(history.recent()).extracting(StartEvent::kind).containsExactly("resume");
        assertThat(history.recent().get(0).elapsed()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void the_start_history_keeps_at_most_its_capacity() {
        StartHistory history = new StartHistory(clock);
        for (int i = 0; i < StartHistory.CAPACITY + 5; i++) {
            history.started("cold", Duration.ofMillis(i));
        }
        assertThat(history.recent()).hasSize(StartHistory.CAPACITY);
        assertThat(history.recent().get(0).elapsed()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void recent_errors_keep_only_failures_newest_first_up_to_their_capacity() {
        RecentErrors errors = new RecentErrors();
        errors.record(error(200, "/ok"));
        for (int i = 0; i < RecentErrors.CAPACITY + 1; i++) {
            errors.record(error(i % 2 == 0 ? 404 : 503, "/r" + i));
        }
        assertThat(errors.newestFirst()).hasSize(RecentErrors.CAPACITY);
        assertThat(errors.newestFirst().get(0).route()).isEqualTo("/r" + RecentErrors.CAPACITY);
        assertThat(errors.newestFirst()).noneMatch(e -> e.route().equals("/ok") || e.route().equals("/r0"));
    }
}
