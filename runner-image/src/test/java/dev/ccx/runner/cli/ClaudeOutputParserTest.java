package dev.ccx.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClaudeOutputParserTest {

    private final ClaudeOutputParser parser = new ClaudeOutputParser();
    private final List<String> streamed = new ArrayList<>();

    private void feed(String... lines) {
        for (String line : lines) {
            parser.accept(line, streamed::add);
        }
    }

    @Test
    void the_answer_and_real_usage_come_from_the_result_line() {
        feed("{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s\"}",
                "{\"type\":\"assistant\",\"message\":{\"content\":[{\"type\":\"text\",\"text\":\"Hello there\"}]}}",
                "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"Hello there\\n\","
                        + "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":5,"
                        + "\"cache_read_input_tokens\":100,\"output_tokens\":7,"
                        + "\"output_tokens_details\":{\"thinking_tokens\":2}}}");

        assertThat(parser.finish(0, "")).isEqualTo(new Attempt.Succeeded("Hello there",
                new TokenUsage(117, 7, 100, 2)));
        assertThat(streamed).isEmpty();
    }

    @Test
    void text_deltas_are_streamed_as_they_arrive_with_a_blank_line_between_messages() {
        feed("{\"type\":\"stream_event\",\"event\":{\"type\":\"message_start\",\"message\":{}}}",
                "{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"I will \"}}}",
                "{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}}",
                "{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"write it.\"}}}",
                "{\"type\":\"stream_event\",\"event\":{\"type\":\"message_start\",\"message\":{}}}",
                "{\"type\":\"stream_event\",\"event\":{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"Done.\"}}}");

        assertThat(streamed).containsExactly("I will ", "write it.", "\n\n", "Done.");
    }

    @Test
    void an_api_error_is_a_failure_whose_text_is_never_streamed_as_an_answer() {
        feed("{\"type\":\"assistant\",\"message\":{\"model\":\"<synthetic>\",\"content\":[{\"type\":\"text\","
                        + "\"text\":\"API Error: 529 overloaded\"}]},\"is_api_error_message\":true}",
                "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"api_error_status\":529,"
                        + "\"result\":\"API Error: 529 overloaded\",\"usage\":{}}");

        assertThat(parser.finish(1, "")).isEqualTo(new Attempt.Failed("API Error: 529 overloaded", true));
        assertThat(streamed).isEmpty();
    }

    @Test
    void client_errors_from_the_model_api_are_not_worth_a_retry() {
        feed("{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":true,\"api_error_status\":401,"
                + "\"result\":\"Failed to authenticate. API Error: 401 bad key sk-ant-api03-abcdefghijkl\"}");

        Attempt a = parser.finish(1, "");

        assertThat(a).isEqualTo(new Attempt.Failed("Failed to authenticate. API Error: 401 bad key [REDACTED]", false));
    }

    @Test
    void reaching_max_turns_fails_without_retry() {
        feed("{\"type\":\"result\",\"subtype\":\"error_max_turns\",\"is_error\":true,\"errors\":[\"Reached maximum\"]}");

        assertThat(parser.finish(1, "")).isEqualTo(new Attempt.Failed("the run stopped after reaching max_turns",
                false));
    }

    @Test
    void a_crash_without_a_result_reports_the_end_of_stderr() {
        feed("not json at all");

        assertThat(parser.finish(1, "Error: When using --print, --output-format=stream-json requires --verbose"))
                .isEqualTo(new Attempt.Failed("claude exited with status 1: Error: When using --print, "
                        + "--output-format=stream-json requires --verbose", true));
    }
}
