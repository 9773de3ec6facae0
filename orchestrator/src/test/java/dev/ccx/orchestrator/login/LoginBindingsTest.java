package dev.ccx.orchestrator.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginBindingsTest {
    private static final UserId ALICE = new UserId("alice");
    private static final UserId BOB = new UserId("bob");

    private final TestClock clock = new TestClock(Instant.parse("2026-11-22T00:00:00Z"));
    private final LoginBindings bindings = new LoginBindings(clock);

    @Test
    void a_session_belongs_to_the_user_who_started_it_for_the_runners_session_lifetime() {
        bindings.bind("s1", ALICE, LoginCli.CLAUDE);
        bindings.bind("s2", BOB, LoginCli.CODEX);

        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(bindings.owner("s1", LoginCli.CLAUDE)).contains(ALICE);
        clock.advance(Duration.ofSeconds(1));

        assertThat(bindings.owner("s1", LoginCli.CLAUDE)).isEmpty();
        assertThat(bindings.owner("s2", LoginCli.CODEX)).as("codex sessions live 15 minutes").contains(BOB);
        clock.advance(Duration.ofMinutes(5));
        assertThat(bindings.owner("s2", LoginCli.CODEX)).isEmpty();
    }

    @Test
    void a_session_id_of_one_cli_says_nothing_about_the_other() {
        bindings.bind("s1", ALICE, LoginCli.CLAUDE);

        assertThat(bindings.owner("s1", LoginCli.CODEX)).isEmpty();
        assertThat(bindings.owner("unknown", LoginCli.CLAUDE)).isEmpty();
    }

    @Test
    void finished_and_purged_sessions_are_forgotten() {
        bindings.bind("s1", ALICE, LoginCli.CLAUDE);
        bindings.bind("s2", ALICE, LoginCli.CODEX);
        bindings.bind("s3", BOB, LoginCli.CODEX);

        bindings.forget("s1");
        bindings.forgetUser(ALICE, LoginCli.CODEX);

        assertThat(bindings.owner("s1", LoginCli.CLAUDE)).isEmpty();
        assertThat(bindings.owner("s2", LoginCli.CODEX)).isEmpty();
        assertThat(bindings.owner("s3", LoginCli.CODEX)).contains(BOB);
    }

    @Test
    void memory_stays_bounded_by_dropping_the_oldest_binding() {
        for (int i = 0; i <= LoginBindings.MAX_ENTRIES; i++) {
            bindings.bind("s" + i, ALICE, LoginCli.CLAUDE);
        }

        assertThat(bindings.owner("s0", LoginCli.CLAUDE)).isEmpty();
        assertThat(bindings.owner("s" + LoginBindings.MAX_ENTRIES, LoginCli.CLAUDE)).contains(ALICE);
    }
}
