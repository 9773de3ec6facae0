package dev.ccx.fakemodel.openai;

import static dev.ccx.fakemodel.http.SseFrames.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.SseFrames;
import dev.ccx.fakemodel.http.SseStream;
import dev.ccx.fakemodel.script.OfferedTool.Kind;
import dev.ccx.fakemodel.script.RecordingPacer;
import dev.ccx.fakemodel.script.Script;
import dev.ccx.fakemodel.script.ToolInvocation;
import dev.ccx.fakemodel.script.Turn;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponsesWriterTest {

    private static final Script.Usage USAGE = new Script.Usage(100, 5);
    private final RecordingPacer pacer = new RecordingPacer();
    private final ResponsesWriter writer = new ResponsesWriter(pacer);

    private List<SseFrames.Frame> stream(Turn turn) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.stream(new SseStream(out), "gpt-5.5", turn, USAGE);
        return SseFrames.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_text_answer_streams_the_documented_event_sequence_with_rising_sequence_numbers() throws Exception {
        List<SseFrames.Frame> frames = stream(new Turn.Answer("hello", Optional.empty(), Optional.empty()));

        assertThat(names(frames)).containsExactly("response.created", "response.in_progress",
                "response.output_item.added", "response.content_part.added", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.completed");
        for (int i = 0; i < frames.size(); i++) {
            assertThat(frames.get(i).data().get("sequence_number").asInt()).isEqualTo(i);
            assertThat(frames.get(i).data().get("type").asText()).isEqualTo(frames.get(i).event());
        }
        assertThat(frames.get(4).data().get("delta").asText()).isEqualTo("hello");
        JsonNode item = frames.get(7).data().get("item");
        assertThat(item.get("type").asText()).isEqualTo("message");
        assertThat(item.get("role").asText()).isEqualTo("assistant");
        assertThat(item.get("content").get(0).get("text").asText()).isEqualTo("hello");
    }

    @Test
    void the_completed_event_carries_the_output_and_usage_with_totals_and_details() throws Exception {
        List<SseFrames.Frame> frames = stream(new Turn.Answer("hi", Optional.empty(), Optional.empty()));

        JsonNode response = frames.get(frames.size() - 1).data().get("response");
        assertThat(response.get("id").asText()).startsWith("resp_");
        assertThat(response.get("status").asText()).isEqualTo("completed");
        assertThat(response.get("output").size()).isEqualTo(1);
        JsonNode usage = response.get("usage");
        assertThat(usage.get("input_tokens").asInt()).isEqualTo(100);
        assertThat(usage.get("output_tokens").asInt()).isEqualTo(5);
        assertThat(usage.get("total_tokens").asInt()).isEqualTo(105);
        assertThat(usage.get("input_tokens_details").get("cached_tokens").asInt()).isZero();
        assertThat(usage.get("output_tokens_details").get("reasoning_tokens").asInt()).isZero();
    }

    @Test
    void a_function_call_streams_its_arguments_as_a_json_string_with_a_call_id() throws Exception {
        String args = "{\"cmd\":\"ls\"}";
        Turn turn = new Turn.ToolUse(new ToolInvocation("exec_command", Kind.FUNCTION, args), Optional.empty());

        List<SseFrames.Frame> frames = stream(turn);

        assertThat(names(frames)).containsSubsequence("response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.done",
                "response.output_item.done", "response.completed");
        JsonNode added = frames.get(2).data().get("item");
        assertThat(added.get("arguments").asText()).isEmpty();
        JsonNode done = frames.get(5).data().get("item");
        assertThat(done.get("type").asText()).isEqualTo("function_call");
        assertThat(done.get("call_id").asText()).startsWith("call_");
        assertThat(done.get("name").asText()).isEqualTo("exec_command");
        assertThat(done.get("arguments").asText()).isEqualTo(args);
    }

    @Test
    void text_said_before_a_tool_call_is_a_finished_message_item_ahead_of_the_call() throws Exception {
        Turn turn = new Turn.ToolUse(new ToolInvocation("exec_command", Kind.FUNCTION, "{\"cmd\":\"ls\"}"),
                Optional.empty(), Optional.of("Let me look."));

        List<SseFrames.Frame> frames = stream(turn);

        assertThat(names(frames)).containsSubsequence("response.output_item.added", "response.output_text.delta",
                "response.output_item.done", "response.output_item.added", "response.function_call_arguments.delta",
                "response.output_item.done", "response.completed");
        JsonNode output = frames.get(frames.size() - 1).data().get("response").get("output");
        assertThat(output.get(0).get("type").asText()).isEqualTo("message");
        assertThat(output.get(0).get("content").get(0).get("text").asText()).isEqualTo("Let me look.");
        assertThat(output.get(1).get("type").asText()).isEqualTo("function_call");
    }

    @Test
    void a_freeform_call_is_a_custom_tool_call_with_raw_input() throws Exception {
        Turn turn = new Turn.ToolUse(new ToolInvocation("apply_patch", Kind.FREEFORM, "*** Begin Patch\n"), Optional.empty());

        List<SseFrames.Frame> frames = stream(turn);

        assertThat(names(frames)).contains("response.custom_tool_call_input.delta", "response.custom_tool_call_input.done");
        JsonNode item = frames.get(5).data().get("item");
        assertThat(item.get("type").asText()).isEqualTo("custom_tool_call");
        assertThat(item.get("input").asText()).isEqualTo("*** Begin Patch\n");
    }

    @Test
    void thinking_is_a_reasoning_item_with_a_summary_before_the_answer() throws Exception {
        List<SseFrames.Frame> frames = stream(new Turn.Answer("a", Optional.of("plan"), Optional.empty()));

        assertThat(names(frames)).containsSubsequence("response.output_item.added",
                "response.reasoning_summary_text.delta", "response.output_item.done", "response.output_item.added");
        assertThat(frames.get(2).data().get("item").get("type").asText()).isEqualTo("reasoning");
    }

    @Test
    void a_paced_answer_arrives_in_the_scripted_number_of_deltas() throws Exception {
        Script.StreamPacing pacing = new Script.StreamPacing(4, Duration.ofMillis(50));

        List<SseFrames.Frame> frames = stream(new Turn.Answer("abcdefgh", Optional.empty(), Optional.of(pacing)));

        assertThat(frames.stream().filter(f -> "response.output_text.delta".equals(f.event()))
                .map(f -> f.data().get("delta").asText())).containsExactly("ab", "cd", "ef", "gh");
        assertThat(pacer.pauses).hasSize(4);
    }

    @Test
    void the_non_streaming_response_is_completed_with_its_output() {
        ObjectNode r = writer.response("gpt-5.5", new Turn.Answer("hi", Optional.empty(), Optional.empty()), USAGE);

        assertThat(r.get("object").asText()).isEqualTo("response");
        assertThat(r.get("status").asText()).isEqualTo("completed");
        assertThat(r.get("output").get(0).get("content").get(0).get("type").asText()).isEqualTo("output_text");
    }

    @Test
    void errors_use_openais_shape() {
        ObjectNode body = ResponsesWriter.error(401, "bad key");

        assertThat(body.get("error").get("message").asText()).isEqualTo("bad key");
        assertThat(body.get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.get("error").get("code").asText()).isEqualTo("invalid_api_key");
        assertThat(body.get("error").has("param")).isTrue();
        assertThat(ResponsesWriter.errorType(500)).isEqualTo("server_error");
    }
}
