package dev.ccx.orchestrator.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminSessionsTest {
    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final AdminSessions sessions = new AdminSessions(clock, Duration.ofHours(8));

    @Test
    void a_session_is_found_by_its_id_until_it_expires() {
        AdminSessions.Opened opened = sessions.open("admin#0");
        assertThat(sessions.find(opened.id())).hasValue(opened.session());
        clock.advance(Duration.ofHours(8).minusSeconds(1));
        assertThat(sessions.find(opened.id())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.find(opened.id())).isEmpty();
    }

    @Test
    void ids_and_csrf_tokens_are_long_random_and_distinct() {
        AdminSessions.Opened a = sessions.open("admin#0");
        AdminSessions.Opened b = sessions.open("admin#0");
        assertThat(a.id()).hasSize(43).isNotEqualTo(b.id()).isNotEqualTo(a.session().csrfToken());
        assertThat(a.session().csrfToken()).hasSize(43).isNotEqualTo(b.session().csrfToken());
        assertThat(a.toString()).doesNotContain(a.id()).doesNotContain(a.session().csrfToken());
    }

    @Test
    void unknown_empty_and_oversized_ids_find_nothing() {
        sessions.open("admin#0");
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find("A".repeat(43))).isEmpty();
        assertThat(sessions.find("A".repeat(10_000))).isEmpty();
    }

    @Test
    void closing_a_session_ends_it_and_leaves_others_alone() {
        AdminSessions.Opened a = sessions.open("admin#0");
        AdminSessions.Opened b = sessions.open("admin#1");
        sessions.close(a.id());
        assertThat(sessions.find(a.id())).isEmpty();
        assertThat(sessions.find(b.id())).isPresent();
    }

    @Test
    void the_number_of_sessions_is_bounded_and_the_oldest_go_first() {
        List<AdminSessions.Opened> opened = new ArrayList<>();
        for (int i = 0; i < AdminSessions.MAX_SESSIONS + 1; i++) {
            opened.add(sessions.open("admin#0"));
        }
        assertThat(sessions.find(opened.get(0).id())).isEmpty();
        assertThat(sessions.find(opened.get(1).id())).isPresent();
        assertThat(sessions.find(opened.get(AdminSessions.MAX_SESSIONS).id())).isPresent();
    }

    @Test
    void the_csrf_token_matches_only_itself() {
        AdminSession session = sessions.open("admin#0").session();
        assertThat(session.csrfMatches(session.csrfToken())).isTrue();
        assertThat(session.csrfMatches(null)).isFalse();
        assertThat(session.csrfMatches("")).isFalse();
        assertThat(session.csrfMatches(session.csrfToken() + "x")).isFalse();
    }

    @Test
    void the_cookie_is_http_only_same_site_strict_and_secure_only_when_asked() {
        assertThat(SessionCookie.set("abc", Duration.ofHours(1), false))
                .isEqualTo("ccx_admin=abc; Path=/admin; Max-Age=3600; HttpOnly; SameSite=Strict");
        assertThat(SessionCookie.set("abc", Duration.ofHours(1), true)).endsWith("; SameSite=Strict; Secure");
        assertThat(SessionCookie.clear(true)).isEqualTo("ccx_admin=; Path=/admin; Max-Age=0; HttpOnly; "
                + "SameSite=Strict; Secure");
    }
}
