package dev.ccx.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexOutputParserTest {

    @TempDir
    Path dir;

    private final List<String> streamed = new ArrayList<>();

    private CodexOutputParser parser(String... lines) {
        CodexOutputParser parser = new CodexOutputParser(Optional.of(dir.resolve("last.txt")));
        for (String line : lines) {
            parser.accept(line, streamed::add);
        }
        return parser;
    }

    @Test
    void agent_messages_are_streamed_whole_and_usage_is_summed_over_turns() throws Exception {
        CodexOutputParser p = parser("{\"type\":\"thread.started\",\"thread_id\":\"t\"}", "{\"type\":\"turn.started\"}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_0\",\"type\":\"reasoning\",\"text\":\"plan\"}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_1\",\"type\":\"agent_message\",\"text\":\"first\"}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_2\",\"type\":\"error\",\"message\":\"warning\"}}",
                "{\"type\":\"item.completed\",\"item\":{\"id\":\"item_3\",\"type\":\"agent_message\",\"text\":\"all done\"}}",
                "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":20,\"cached_input_tokens\":4,"
                        + "\"output_tokens\":9,\"reasoning_output_tokens\":3}}",
                "{\"type\":\"turn.completed\",\"usage\":{\"input_tokens\":1,\"cached_input_tokens\":0,"
                        + "\"output_tokens\":1,\"reasoning_output_tokens\":0}}");
        Files.writeString(dir.resolve("last.txt"), "all done\n");

        assertThat(streamed).containsExactly("first", "\n\n", "all done");
        assertThat(p.finish(0, "Reading additional input from stdin..."))
                .isEqualTo(new Attempt.Succeeded("all done", new TokenUsage(21, 10, 4, 3)));
    }

    @Test
    void without_a_last_message_file_the_last_agent_message_is_the_answer() {
        CodexOutputParser p = parser(
                "{\"type\":\"item.completed\",\"item\":{\"type\":\"agent_message\",\"text\":\"only\"}}");

        assertThat(p.finish(0, "")).isEqualTo(new Attempt.Succeeded("only", TokenUsage.ZERO));
    }

    @Test
    void a_failed_turn_reports_the_inner_error_message_and_bad_requests_are_not_retried() {
        CodexOutputParser p = parser("{\"type\":\"turn.started\"}",
                "{\"type\":\"error\",\"message\":\"{\\\"error\\\":{\\\"message\\\":\\\"bad input\\\","
                        + "\\\"type\\\":\\\"invalid_request_error\\\"}}\"}",
                "{\"type\":\"turn.failed\",\"error\":{\"message\":\"{\\\"error\\\":{\\\"message\\\":\\\"bad input\\\","
                        + "\\\"type\\\":\\\"invalid_request_error\\\"}}\"}}");

        assertThat(p.finish(1, "")).isEqualTo(new Attempt.Failed("bad input (invalid_request_error)", false));
    }

    @Test
    void overload_failures_are_retried_and_auth_failures_are_not() {
        assertThat(parser("{\"type\":\"turn.failed\",\"error\":{\"message\":\"We're currently experiencing high "
                + "demand\"}}").finish(1, "")).isEqualTo(new Attempt.Failed("We're currently experiencing high demand",
                true));
        assertThat(((Attempt.Failed) parser("{\"type\":\"turn.failed\",\"error\":{\"message\":\"unexpected status "
                + "401 Unauthorized: no\"}}").finish(1, "")).retryable()).isFalse();
    }

    @Test
    void a_non_zero_exit_without_events_is_a_failure_with_stderr() {
        assertThat(parser().finish(1, "Error finding codex home")).isEqualTo(
                new Attempt.Failed("Error finding codex home", true));
    }
}
