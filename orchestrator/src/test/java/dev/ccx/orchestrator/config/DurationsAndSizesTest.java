package dev.ccx.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsAndSizesTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("30s", Duration.ofSeconds(30)),
                Arguments.of("15m", Duration.ofMinutes(15)),
                Arguments.of("2h", Duration.ofHours(2)),
                Arguments.of("1d", Duration.ofDays(1)),
                Arguments.of("0s", Duration.ZERO),
                Arguments.of(" 45s ", Duration.ofSeconds(45)),
                Arguments.of("PT15M", Duration.ofMinutes(15)),
                Arguments.of("pt1h30m", Duration.ofMinutes(90)),
                Arguments.of("P1DT1S", Duration.ofDays(1).plusSeconds(1)));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @MethodSource("durations")
    void operator_durations_parse_to_the_intended_length(String raw, Duration expected) {
        assertThat(Durations.parse(raw)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "soon", "30", "1.5h", "30 s", "5S", "-5s", "PT-5S", "-PT5S", "P", "PTxS", "1w",
            "99999999999999999999s"})
    void anything_else_is_refused_rather_than_guessed(String raw) {
        assertThatThrownBy(() -> Durations.parse(raw)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void a_refused_duration_is_quoted_shortened_so_a_pasted_secret_does_not_flood_the_log() {
        String pasted = "x".repeat(500);

        assertThatThrownBy(() -> Durations.parse(pasted)).hasMessageContaining("use e.g.")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(120));
    }

    @ParameterizedTest(name = "{0} survives format and parse")
    @ValueSource(longs = {1, 999, 1000, 59_000, 60_000, 90_000, 3_600_000, 5_400_000, 86_400_000})
    void formatting_a_duration_gives_text_that_parses_back_to_it(long millis) {
        Duration d = Duration.ofMillis(millis);

        assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
    }

    static Stream<Arguments> sizes() {
        return Stream.of(
                Arguments.of("0", 0L),
                Arguments.of("4096", 4096L),
                Arguments.of("1k", 1024L),
                Arguments.of("512m", 512L << 20),
                Arguments.of("1g", 1L << 30),
                Arguments.of("1G", 1L << 30),
                Arguments.of("10MiB", 10L << 20),
                Arguments.of("10mb", 10L << 20),
                Arguments.of("2 g", 2L << 30),
                Arguments.of("1t", 1L << 40),
                Arguments.of(" 64m ", 64L << 20));
    }

    @ParameterizedTest(name = "{0} is {1} bytes")
    @MethodSource("sizes")
    void sizes_use_binary_units(String raw, long bytes) {
        assertThat(Sizes.parse(raw)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "\"{0}\" is refused")
    @ValueSource(strings = {"", "lots", "1.5g", "-1m", "1p", "m", "1 g b", "8388608t", "99999999999999999999"})
    void sizes_that_are_not_whole_amounts_of_a_known_unit_are_refused(String raw) {
        assertThatThrownBy(() -> Sizes.parse(raw)).isInstanceOf(IllegalArgumentException.class);
    }
}
