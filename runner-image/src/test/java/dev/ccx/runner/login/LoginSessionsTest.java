package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.runner.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoginSessionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> ended = new ArrayList<>();
    private final LoginSessions<String> sessions = new LoginSessions<>(Duration.ofMinutes(10), clock, ended::add);

    @Test
    void a_session_lives_exactly_ten_minutes_even_if_no_new_session_is_started() {
        String id = sessions.open("s1");

        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(sessions.peek(id)).contains("s1");
        clock.advance(Duration.ofSeconds(1));

        assertThat(sessions.peek(id)).isEmpty();
        assertThat(sessions.claim(id)).isEmpty();
        assertThat(ended).containsExactly("s1");
    }

    @Test
    void a_finished_session_cannot_be_used_again() {
        String id = sessions.open("s1");

        assertThat(sessions.claim(id)).contains("s1");
        sessions.finish(id);

        assertThat(sessions.claim(id)).isEmpty();
        assertThat(sessions.peek(id)).isEmpty();
    }

    @Test
    void a_claimed_session_is_not_handed_out_twice_until_it_is_released() {
        String id = sessions.open("s1");

        assertThat(sessions.claim(id)).contains("s1");
        assertThat(sessions.claim(id)).isEmpty();
        sessions.release(id);

        assertThat(sessions.claim(id)).contains("s1");
    }

    @Test
    void ids_are_random_uuids_and_unknown_ids_find_nothing() {
        String a = sessions.open("a");
        String b = sessions.open("b");

        assertThat(a).isNotEqualTo(b).matches("[0-9a-f-]{36}");
        assertThat(sessions.peek("not-an-id")).isEmpty();
        assertThat(sessions.peek(null)).isEmpty();
    }

    @Test
    void close_all_ends_every_session() {
        String id = sessions.open("a");
        sessions.open("b");

        sessions.closeAll();

        assertThat(ended).containsExactlyInAnyOrder("a", "b");
        assertThat(sessions.peek(id)).isEmpty();
    }
}
