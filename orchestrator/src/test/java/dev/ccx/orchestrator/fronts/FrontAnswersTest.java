package dev.ccx.orchestrator.fronts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's chunk stream translated into each front's answers, streamed and whole. */
class FrontAnswersTest {
    private static final RunRequest RESPONSES = new RunRequest(new ObjectNode(null), true, "gpt-5.5");
    private static final RunRequest MESSAGES = new RunRequest(new ObjectNode(null), true, "claude-sonnet-4-5");

    private static List<SseEvents.Event> streamed(Front front, RunRequest request, String runnerStream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SseOut sse = SseOut.to(out);
        FrontRun.stream(ChunkStreams.reader(runnerStream), front.stream(request, sse), sse);
        String body = out.toString(StandardCharsets.UTF_8);
        assertThat(body).as("keep-alives reach the client as comments").contains("\n: keepalive\n\n");
        return SseEvents.parse(body);
    }

    @Test
    void a_responses_stream_is_the_responses_event_sequence_with_numbered_events() {
        List<SseEvents.Event> events = streamed(new ResponsesFront(), RESPONSES, ChunkStreams.hello());
        assertThat(SseEvents.names(events)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.delta", "response.output_text.done", "response.content_part.done",
                "response.output_item.done", "response.completed");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).data().path("type").asText()).isEqualTo(events.get(i).name());
            assertThat(events.get(i).data().path("sequence_number").asInt()).isEqualTo(i);
        }
        assertThat(events.get(4).data().path("delta").asText()).isEqualTo("Hel");
        assertThat(events.get(6).data().path("text").asText()).isEqualTo("Hello");
        String itemId = events.get(2).data().path("item").path("id").asText();
        assertThat(events.get(5).data().path("item_id").asText()).isEqualTo(itemId);
        JsonNode response = events.get(9).data().path("response");
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("model").asText()).isEqualTo("gpt-5.5");
        assertThat(response.path("id").asText()).isEqualTo(events.get(0).data().path("response").path("id").asText());
        assertThat(response.path("output").path(0).path("content").path(0).path("text").asText()).isEqualTo("Hello");
        assertThat(response.path("usage").path("input_tokens").asLong()).isEqualTo(2144);
        assertThat(response.path("usage").path("input_tokens_details").path("cached_tokens").asLong()).isEqualTo(2000);
        assertThat(response.path("usage").path("output_tokens").asLong()).isEqualTo(4);
        assertThat(response.path("usage").path("total_tokens").asLong()).isEqualTo(2148);
        assertThat(response.path("files").path("out.txt").asText()).isEqualTo("hi");
    }

    @Test
    void a_messages_stream_is_anthropics_sequence_from_message_start_to_message_stop() {
        List<SseEvents.Event> events = streamed(new MessagesFront(), MESSAGES, ChunkStreams.hello());
        assertThat(SseEvents.names(events)).containsExactly("message_start", "content_block_start", "ping",
                "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        events.forEach(e -> assertThat(e.data().path("type").asText()).isEqualTo(e.name()));
        JsonNode start = events.get(0).data().path("message");
        assertThat(start.path("role").asText()).isEqualTo("assistant");
        assertThat(start.path("model").asText()).isEqualTo("claude-sonnet-4-5");
        assertThat(start.path("content")).isEmpty();
        assertThat(events.get(3).data().path("delta").path("type").asText()).isEqualTo("text_delta");
        assertThat(events.get(4).data().path("delta").path("text").asText()).isEqualTo("lo");
        JsonNode delta = events.get(6).data();
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("input_tokens").asLong()).isEqualTo(144);
        assertThat(delta.path("usage").path("cache_read_input_tokens").asLong()).isEqualTo(2000);
        assertThat(delta.path("usage").path("output_tokens").asLong()).isEqualTo(4);
    }

    @Test
    void a_failure_mid_stream_is_each_fronts_error_event() {
        String failing = ChunkStreams.ROLE + ChunkStreams.text("Hel") + ": keepalive\n\n" + ChunkStreams.ERROR
                + ChunkStreams.DONE;
        List<SseEvents.Event> responses = streamed(new ResponsesFront(), RESPONSES, failing);
        assertThat(SseEvents.names(responses)).endsWith("response.output_text.delta", "error", "response.failed");
        JsonNode error = responses.get(responses.size() - 2).data();
        assertThat(error.path("code").asText()).isEqualTo("timeout");
        assertThat(error.path("message").asText()).isEqualTo("the claude run timed out after 30 s");
        assertThat(error.path("error").path("message").asText()).isEqualTo("the claude run timed out after 30 s");
        JsonNode failed = responses.get(responses.size() - 1).data().path("response");
        assertThat(failed.path("status").asText()).isEqualTo("failed");
        assertThat(failed.path("error").path("code").asText()).isEqualTo("timeout");

        List<SseEvents.Event> messages = streamed(new MessagesFront(), MESSAGES, failing);
        assertThat(SseEvents.names(messages)).endsWith("content_block_delta", "error").doesNotContain("message_stop");
        JsonNode anthropic = messages.get(messages.size() - 1).data();
        assertThat(anthropic.path("type").asText()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asText()).isEqualTo("timeout_error");
        assertThat(anthropic.path("error").path("message").asText()).isEqualTo("the claude run timed out after 30 s");
    }

    @Test
    void a_runner_that_breaks_off_mid_stream_is_a_runner_failed_error_event() {
        List<SseEvents.Event> events = streamed(new MessagesFront(), MESSAGES,
                ChunkStreams.ROLE + ChunkStreams.text("Hel") + ": keepalive\n\n");
        JsonNode last = events.get(events.size() - 1).data();
        assertThat(last.path("error").path("type").asText()).isEqualTo("api_error");
        assertThat(last.path("error").path("message").asText()).isEqualTo(RunnerErrors.BROKEN_MESSAGE);
    }

    @Test
    void a_whole_answer_collects_the_text_usage_and_extras() {
        RunResult result = FrontRun.collect(ChunkStreams.reader(ChunkStreams.hello()));
        assertThat(result.text()).isEqualTo("Hello");
        assertThat(result.usage()).contains(new RunEvent.Usage(2144, 4, 2000, 1));

        JsonNode response = new ResponsesFront().answer(RESPONSES, result);
        assertThat(response.path("object").asText()).isEqualTo("response");
        assertThat(response.path("status").asText()).isEqualTo("completed");
        assertThat(response.path("id").asText()).startsWith("resp_");
        JsonNode item = response.path("output").path(0);
        assertThat(item.path("type").asText()).isEqualTo("message");
        assertThat(item.path("role").asText()).isEqualTo("assistant");
        assertThat(item.path("content").path(0).path("type").asText()).isEqualTo("output_text");
        assertThat(item.path("content").path(0).path("text").asText()).isEqualTo("Hello");

        JsonNode message = new MessagesFront().answer(MESSAGES, result);
        assertThat(message.path("type").asText()).isEqualTo("message");
        assertThat(message.path("id").asText()).startsWith("msg_");
        assertThat(message.path("content").path(0)).isEqualTo(MessageObjects.textBlock("Hello"));
        assertThat(message.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(message.path("usage").path("input_tokens").asLong()).isEqualTo(144);
        assertThat(message.path("usage").path("output_tokens").asLong()).isEqualTo(4);
        assertThat(message.path("files").path("out.txt").asText()).isEqualTo("hi");
    }

    @Test
    void a_failure_inside_the_runners_stream_is_the_http_error_of_a_whole_answer() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> FrontRun.collect(ChunkStreams.reader(
                ChunkStreams.ROLE + ChunkStreams.text("Hel") + ChunkStreams.ERROR + ChunkStreams.DONE)));
        assertThat(e.status()).isEqualTo(504);
        assertThat(e.code()).isEqualTo("timeout");
        ApiException cut = catchThrowableOfType(ApiException.class,
                () -> FrontRun.collect(ChunkStreams.reader(ChunkStreams.ROLE)));
        assertThat(cut.status()).isEqualTo(502);
    }

    @Test
    void a_run_without_reported_usage_answers_null_usage_on_responses_and_zeros_on_messages() {
        RunResult result = FrontRun.collect(ChunkStreams.reader(ChunkStreams.text("x") + ChunkStreams.DONE));
        assertThat(new ResponsesFront().answer(RESPONSES, result).path("usage").isNull()).isTrue();
        assertThat(new MessagesFront().answer(MESSAGES, result).path("usage").path("output_tokens").asLong()).isZero();
    }
}
