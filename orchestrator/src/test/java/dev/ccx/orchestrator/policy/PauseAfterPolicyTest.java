package dev.ccx.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code limits.pause_after}: off unless set, shorter than the idle timeout, overridable per user. */
class PauseAfterPolicyTest {

    @Test
    void pausing_is_off_unless_the_policy_sets_it() {
        assertThat(PolicyLoader.load(Optional.empty()).defaults().pauseAfter()).isEmpty();
        assertThat(PolicyLoaderTest.parse("limits: {pause_after: 'off'}").defaults().pauseAfter()).isEmpty();
        assertThat(PolicyLoaderTest.parse("limits: {pause_after: off}").defaults().pauseAfter()).isEmpty();
    }

    @Test
    void a_pause_after_shorter_than_the_idle_timeout_applies_and_an_override_can_turn_it_off() {
        PolicySet set = PolicyLoaderTest.parse("""
                limits: {pause_after: 2m, idle_timeout: 1h}
                overrides:
                  - match: "vip-*"
                    limits: {pause_after: off}
                """);

        assertThat(set.defaults().pauseAfter()).contains(Duration.ofMinutes(2));
        assertThat(set.defaults().idleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(set.forUser(new UserId("vip-alice")).pauseAfter()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "limits: {pause_after: 15m}               | limits.pause_after: must be positive and shorter than idle_timeout (15m), or off",
        "limits: {pause_after: 2h, idle_timeout: 1h} | limits.pause_after: must be positive and shorter than idle_timeout (1h)",
        "limits: {pause_after: 0s}                | limits.pause_after: must be positive",
        "limits: {pause_after: soon}              | limits.pause_after: not a duration",
    })
    void a_bad_pause_after_is_refused_naming_the_field(String yaml, String expected) {
        assertThat(PolicyLoaderTest.problems(yaml)).singleElement().asString().contains(expected.trim());
    }
}
