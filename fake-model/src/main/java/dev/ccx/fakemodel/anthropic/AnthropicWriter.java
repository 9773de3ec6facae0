package dev.ccx.fakemodel.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.Ids;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.SseStream;
import dev.ccx.fakemodel.script.Chunks;
import dev.ccx.fakemodel.script.Pacer;
import dev.ccx.fakemodel.script.Script;
import dev.ccx.fakemodel.script.Turn;
import dev.ccx.fakemodel.script.Turns;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Renders a {@link Turn} as an Anthropic Messages API message, whole or as its SSE event sequence. */
public final class AnthropicWriter {

    private final Pacer pacer;

    public AnthropicWriter(Pacer pacer) {
        this.pacer = pacer;
    }

    /** The non-streaming {@code message} object. */
    public ObjectNode message(String model, Turn turn, Script.Usage usage) {
        ObjectNode msg = envelope(model, turn, usage);
        msg.set("content", blocks(turn));
        return msg;
    }

    /** Streams message_start … message_stop; pauses between chunks when the answer is paced. */
    public void stream(SseStream sse, String model, Turn turn, Script.Usage usage)
            throws IOException, InterruptedException {
        ObjectNode start = envelope(model, turn, usage).put("stop_reason", (String) null);
        start.set("content", Json.array());
        ((ObjectNode) start.get("usage")).put("output_tokens", 1);
        sse.event("message_start", Json.object().put("type", "message_start").set("message", start));
        sse.event("ping", Json.object().put("type", "ping"));
        ArrayNode blocks = blocks(turn);
        for (int i = 0; i < blocks.size(); i++) {
            streamBlock(sse, i, (ObjectNode) blocks.get(i), Turns.pacing(turn));
        }
        ObjectNode delta = Json.object().put("stop_reason", stopReason(turn)).put("stop_sequence", (String) null);
        ObjectNode deltaUsage = usageNode(usage);
        ObjectNode messageDelta = Json.object().put("type", "message_delta");
        messageDelta.set("delta", delta);
        messageDelta.set("usage", deltaUsage);
        sse.event("message_delta", messageDelta);
        sse.event("message_stop", Json.object().put("type", "message_stop"));
    }

    /** The error body: {@code {"type":"error","error":{"type":…,"message":…}}}. */
    public static ObjectNode error(int status, String message) {
        ObjectNode error = Json.object().put("type", errorType(status)).put("message", message);
        ObjectNode body = Json.object().put("type", "error");
        body.set("error", error);
        return body.put("request_id", Ids.random("req_", 24));
    }

    static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 402 -> "billing_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 504 -> "timeout_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
    }

    private void streamBlock(SseStream sse, int index, ObjectNode block, Optional<Script.StreamPacing> pacing)
            throws IOException, InterruptedException {
        String type = block.get("type").asText();
        ObjectNode empty = switch (type) {
            case "thinking" -> Json.object().put("type", "thinking").put("thinking", "").put("signature", "");
            case "text" -> Json.object().put("type", "text").put("text", "");
            default -> emptyToolUse(block);
        };
        sse.event("content_block_start", Json.object().put("type", "content_block_start").put("index", index)
                .set("content_block", empty));
        switch (type) {
            case "thinking" -> {
                delta(sse, index, Json.object().put("type", "thinking_delta").put("thinking", block.get("thinking").asText()));
                delta(sse, index, Json.object().put("type", "signature_delta").put("signature", block.get("signature").asText()));
            }
            case "text" -> streamText(sse, index, block.get("text").asText(), pacing);
            default -> delta(sse, index, Json.object().put("type", "input_json_delta")
                    .put("partial_json", Json.write(block.get("input"))));
        }
        sse.event("content_block_stop", Json.object().put("type", "content_block_stop").put("index", index));
    }

    private void streamText(SseStream sse, int index, String text, Optional<Script.StreamPacing> pacing)
            throws IOException, InterruptedException {
        List<String> chunks = pacing.isPresent() ? Chunks.split(text, pacing.get().chunks()) : List.of(text);
        Duration delay = pacing.map(Script.StreamPacing::delay).orElse(Duration.ZERO);
        for (String chunk : chunks) {
            pacer.pause(delay);
            delta(sse, index, Json.object().put("type", "text_delta").put("text", chunk));
        }
    }

    private static void delta(SseStream sse, int index, JsonNode delta) throws IOException {
        sse.event("content_block_delta", Json.object().put("type", "content_block_delta").put("index", index)
                .set("delta", delta));
    }

    private static ObjectNode emptyToolUse(ObjectNode block) {
        ObjectNode empty = block.deepCopy();
        empty.set("input", Json.object());
        return empty;
    }

    private static ArrayNode blocks(Turn turn) {
        ArrayNode blocks = Json.array();
        Turns.thinking(turn).ifPresent(t -> blocks.add(Json.object().put("type", "thinking").put("thinking", t)
                .put("signature", Ids.random("fake-signature-", 32))));
        if (turn instanceof Turn.ToolUse use) {
            use.text().ifPresent(t -> blocks.add(Json.object().put("type", "text").put("text", t)));
            ObjectNode block = Json.object().put("type", "tool_use").put("id", Ids.random("toolu_01", 22))
                    .put("name", use.call().toolName());
            block.set("input", Json.parse(use.call().input()));
            blocks.add(block);
        } else if (turn instanceof Turn.Answer answer) {
            blocks.add(Json.object().put("type", "text").put("text", answer.text()));
        }
        return blocks;
    }

    private static ObjectNode envelope(String model, Turn turn, Script.Usage usage) {
        ObjectNode msg = Json.object().put("id", Ids.random("msg_01", 22)).put("type", "message")
                .put("role", "assistant").put("model", model);
        msg.set("content", Json.array());
        msg.put("stop_reason", stopReason(turn)).put("stop_sequence", (String) null);
        msg.set("usage", usageNode(usage));
        return msg;
    }

    private static ObjectNode usageNode(Script.Usage usage) {
        ObjectNode u = Json.object().put("input_tokens", usage.inputTokens())
                .put("cache_creation_input_tokens", 0).put("cache_read_input_tokens", 0);
        u.set("cache_creation", Json.object().put("ephemeral_5m_input_tokens", 0).put("ephemeral_1h_input_tokens", 0));
        return u.put("output_tokens", usage.outputTokens()).put("service_tier", "standard");
    }

    private static String stopReason(Turn turn) {
        return turn instanceof Turn.ToolUse ? "tool_use" : "end_turn";
    }
}
