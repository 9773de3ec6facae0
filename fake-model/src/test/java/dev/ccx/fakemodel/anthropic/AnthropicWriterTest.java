package dev.ccx.fakemodel.anthropic;

import static dev.ccx.fakemodel.http.SseFrames.names;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.SseFrames;
import dev.ccx.fakemodel.http.SseStream;
import dev.ccx.fakemodel.script.OfferedTool;
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

class AnthropicWriterTest {

    private static final Script.Usage USAGE = new Script.Usage(120, 8);
    private final RecordingPacer pacer = new RecordingPacer();
    private final AnthropicWriter writer = new AnthropicWriter(pacer);

    private List<SseFrames.Frame> stream(Turn turn) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.stream(new SseStream(out), "claude-x", turn, USAGE);
        return SseFrames.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_text_answer_streams_the_documented_event_sequence() throws Exception {
        List<SseFrames.Frame> frames = stream(new Turn.Answer("hello", Optional.empty(), Optional.empty()));

        assertThat(names(frames)).containsExactly("message_start", "ping", "content_block_start",
                "content_block_delta", "content_block_stop", "message_delta", "message_stop");
        JsonNode start = frames.get(0).data().get("message");
        assertThat(start.get("id").asText()).startsWith("msg_");
        assertThat(start.get("model").asText()).isEqualTo("claude-x");
        assertThat(start.get("usage").get("input_tokens").asInt()).isEqualTo(120);
        assertThat(frames.get(3).data().get("delta").get("type").asText()).isEqualTo("text_delta");
        assertThat(frames.get(3).data().get("delta").get("text").asText()).isEqualTo("hello");
        JsonNode delta = frames.get(5).data();
        assertThat(delta.get("delta").get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.get("usage").get("output_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void a_tool_call_streams_a_tool_use_block_whose_json_deltas_rebuild_the_input() throws Exception {
        String input = "{\"command\":\"ls -la\",\"description\":\"d\"}";
        Turn turn = new Turn.ToolUse(new ToolInvocation("Bash", OfferedTool.Kind.FUNCTION, input), Optional.empty());

        List<SseFrames.Frame> frames = stream(turn);

        JsonNode block = frames.get(2).data().get("content_block");
        assertThat(block.get("type").asText()).isEqualTo("tool_use");
        assertThat(block.get("id").asText()).startsWith("toolu_");
        assertThat(block.get("name").asText()).isEqualTo("Bash");
        assertThat(block.get("input").size()).isZero();
        JsonNode delta = frames.get(3).data().get("delta");
        assertThat(delta.get("type").asText()).isEqualTo("input_json_delta");
        assertThat(Json.parse(delta.get("partial_json").asText())).isEqualTo(Json.parse(input));
        assertThat(frames.get(5).data().get("delta").get("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void text_said_before_a_tool_call_is_a_text_block_ahead_of_the_tool_use_block() throws Exception {
        Turn turn = new Turn.ToolUse(new ToolInvocation("Bash", OfferedTool.Kind.FUNCTION, "{\"command\":\"ls\"}"),
                Optional.empty(), Optional.of("Let me look."));

        List<SseFrames.Frame> frames = stream(turn);

        assertThat(frames.get(2).data().get("content_block").get("type").asText()).isEqualTo("text");
        assertThat(frames.get(3).data().get("delta").get("text").asText()).isEqualTo("Let me look.");
        assertThat(frames.get(5).data().get("index").asInt()).isEqualTo(1);
        assertThat(frames.get(5).data().get("content_block").get("type").asText()).isEqualTo("tool_use");
        ObjectNode whole = writer.message("claude-x", turn, USAGE);
        assertThat(whole.get("content").get(0).get("text").asText()).isEqualTo("Let me look.");
        assertThat(whole.get("content").get(1).get("name").asText()).isEqualTo("Bash");
        assertThat(whole.get("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void thinking_comes_first_as_its_own_block_with_a_signature() throws Exception {
        List<SseFrames.Frame> frames = stream(new Turn.Answer("a", Optional.of("hmm"), Optional.empty()));

        assertThat(frames.get(2).data().get("content_block").get("type").asText()).isEqualTo("thinking");
        assertThat(frames.get(3).data().get("delta").get("thinking").asText()).isEqualTo("hmm");
        assertThat(frames.get(4).data().get("delta").get("type").asText()).isEqualTo("signature_delta");
        assertThat(frames.get(6).data().get("index").asInt()).isEqualTo(1);
    }

    @Test
    void a_paced_answer_arrives_in_the_scripted_number_of_deltas_with_a_pause_before_each() throws Exception {
        Script.StreamPacing pacing = new Script.StreamPacing(3, Duration.ofMillis(400));

        List<SseFrames.Frame> frames = stream(new Turn.Answer("abcdefghi", Optional.empty(), Optional.of(pacing)));

        List<String> texts = frames.stream().filter(f -> "content_block_delta".equals(f.event()))
                .map(f -> f.data().get("delta").get("text").asText()).toList();
        assertThat(texts).containsExactly("abc", "def", "ghi");
        assertThat(pacer.pauses).containsExactly(Duration.ofMillis(400), Duration.ofMillis(400), Duration.ofMillis(400));
    }

    @Test
    void the_non_streaming_message_has_content_stop_reason_and_usage_with_cache_fields() {
        ObjectNode msg = writer.message("claude-x", new Turn.Answer("hi", Optional.empty(), Optional.empty()), USAGE);

        assertThat(msg.get("type").asText()).isEqualTo("message");
        assertThat(msg.get("role").asText()).isEqualTo("assistant");
        assertThat(msg.get("content").get(0).get("text").asText()).isEqualTo("hi");
        assertThat(msg.get("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(msg.get("usage").get("cache_read_input_tokens").asInt()).isZero();
        assertThat(msg.get("usage").get("cache_creation_input_tokens").asInt()).isZero();
        assertThat(msg.get("usage").get("output_tokens").asInt()).isEqualTo(8);
    }

    @Test
    void errors_use_anthropics_shape_and_type_names() {
        ObjectNode body = AnthropicWriter.error(529, "busy");

        assertThat(body.get("type").asText()).isEqualTo("error");
        assertThat(body.get("error").get("type").asText()).isEqualTo("overloaded_error");
        assertThat(body.get("error").get("message").asText()).isEqualTo("busy");
        assertThat(AnthropicWriter.errorType(429)).isEqualTo("rate_limit_error");
        assertThat(AnthropicWriter.errorType(500)).isEqualTo("api_error");
        assertThat(AnthropicWriter.errorType(401)).isEqualTo("authentication_error");
    }
}
