package dev.ccx.runner.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

class StderrLoggingTest {

    @Test
    void slf4j_finds_this_backend_through_its_service_lookup() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(StderrLogging.class);
        assertThat(LoggerFactory.getLogger("a.b.C")).isSameAs(LoggerFactory.getLogger("a.b.C"));
    }

    @Test
    void one_line_with_utc_millis_level_short_name_and_arguments_then_the_stack_trace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StderrLogger log = new StderrLogger("dev.ccx.runner.Main", Level.INFO,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        log.info("slot {} ready in {} ms", "s1", 42);
        log.warn("failed", new IllegalStateException("boom"));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\[INFO] Main - slot s1 ready in 42 ms");
        assertThat(lines[1]).endsWith(" [WARN] Main - failed");
        assertThat(lines[2]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines[3]).startsWith("\tat ");
    }

    @Test
    void events_below_the_threshold_are_dropped() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StderrLogger log = new StderrLogger("x.Y", Level.WARN, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        log.info("hidden");
        log.debug("hidden");
        log.error("shown");

        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isTrue();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("hidden").contains("[ERROR] Y - shown");
    }

    @Test
    void timestamps_always_carry_three_digits_of_milliseconds_and_levels_parse_leniently() {
        assertThat(StderrLogger.timestamp(0)).isEqualTo("1970-01-01T00:00:00.000Z");
        assertThat(StderrLogger.timestamp(1_234)).isEqualTo("1970-01-01T00:00:01.234Z");
        assertThat(StderrLogging.level(" debug ")).isEqualTo(Level.DEBUG);
        assertThat(StderrLogging.level("loud")).isEqualTo(Level.INFO);
    }
}
