package dev.ccx.fakemodel.openai;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.Ids;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.SseStream;
import dev.ccx.fakemodel.script.OfferedTool;
import dev.ccx.fakemodel.script.Pacer;
import dev.ccx.fakemodel.script.Script;
import dev.ccx.fakemodel.script.Turn;
import dev.ccx.fakemodel.script.Turns;
import java.io.IOException;
import java.time.Instant;

/** Renders a {@link Turn} as an OpenAI Responses API response, whole or as its SSE event sequence. */
public final class ResponsesWriter {

    private final Pacer pacer;

    public ResponsesWriter(Pacer pacer) {
        this.pacer = pacer;
    }

    /** The non-streaming {@code response} object. */
    public ObjectNode response(String model, Turn turn, Script.Usage usage) {
        return completed(envelope(model), items(turn), usage);
    }

    /** Streams response.created … response.completed; pauses between chunks when the answer is paced. */
    public void stream(SseStream sse, String model, Turn turn, Script.Usage usage)
            throws IOException, InterruptedException {
        ResponseEvents events = new ResponseEvents(sse);
        ObjectNode envelope = envelope(model);
        events.emit("response.created", Json.object().set("response", envelope));
        events.emit("response.in_progress", Json.object().set("response", envelope));
        ArrayNode items = items(turn);
        ItemStreamer streamer = new ItemStreamer(events, pacer, Turns.pacing(turn));
        for (int i = 0; i < items.size(); i++) {
            streamer.stream((ObjectNode) items.get(i), i);
        }
        events.emit("response.completed", Json.object().set("response", completed(envelope, items, usage)));
    }

    /** The error body: {@code {"error":{"message","type","param","code"}}}. */
    public static ObjectNode error(int status, String message) {
        ObjectNode error = Json.object().put("message", message).put("type", errorType(status))
                .put("param", (String) null).put("code", errorCode(status));
        ObjectNode body = Json.object();
        body.set("error", error);
        return body;
    }

    static String errorType(int status) {
        return switch (status) {
            case 401, 400, 404 -> "invalid_request_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_exceeded";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String errorCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        };
    }

    private static ArrayNode items(Turn turn) {
        ArrayNode items = Json.array();
        Turns.thinking(turn).ifPresent(t -> {
            ObjectNode reasoning = items.addObject().put("id", Ids.random("rs_", 32)).put("type", "reasoning");
            reasoning.putArray("summary").addObject().put("type", "summary_text").put("text", t);
        });
        if (turn instanceof Turn.ToolUse use) {
            use.text().ifPresent(t -> items.add(message(t)));
            items.add(toolCall(use));
        } else if (turn instanceof Turn.Answer answer) {
            items.add(message(answer.text()));
        }
        return items;
    }

    private static ObjectNode message(String text) {
        ObjectNode message = Json.object().put("id", Ids.random("msg_", 32)).put("type", "message")
                .put("status", "completed");
        message.putArray("content").addObject().put("type", "output_text").put("text", text)
                .<ObjectNode>set("annotations", Json.array()).set("logprobs", Json.array());
        return message.put("role", "assistant");
    }

    private static ObjectNode toolCall(Turn.ToolUse use) {
        String callId = Ids.random("call_", 24);
        if (use.call().kind() == OfferedTool.Kind.FREEFORM) {
            return Json.object().put("id", Ids.random("ctc_", 32)).put("type", "custom_tool_call")
                    .put("status", "completed").put("call_id", callId).put("name", use.call().toolName())
                    .put("input", use.call().input());
        }
        return Json.object().put("id", Ids.random("fc_", 32)).put("type", "function_call")
                .put("status", "completed").put("arguments", use.call().input()).put("call_id", callId)
                .put("name", use.call().toolName());
    }

    private static ObjectNode envelope(String model) {
        ObjectNode r = Json.object().put("id", Ids.random("resp_", 40)).put("object", "response")
                .put("created_at", Instant.now().getEpochSecond()).put("status", "in_progress")
                .put("background", false).put("error", (String) null).put("incomplete_details", (String) null)
                .put("instructions", (String) null).put("max_output_tokens", (Integer) null).put("model", model);
        r.set("output", Json.array());
        r.put("parallel_tool_calls", true).put("previous_response_id", (String) null).put("store", false);
        r.set("text", Json.object().set("format", Json.object().put("type", "text")));
        r.put("tool_choice", "auto").set("tools", Json.array());
        return r.put("truncation", "disabled").put("usage", (String) null);
    }

    private static ObjectNode completed(ObjectNode envelope, ArrayNode items, Script.Usage usage) {
        ObjectNode r = envelope.deepCopy().put("status", "completed");
        r.set("output", items);
        ObjectNode u = Json.object().put("input_tokens", usage.inputTokens());
        u.set("input_tokens_details", Json.object().put("cached_tokens", 0));
        u.put("output_tokens", usage.outputTokens());
        u.set("output_tokens_details", Json.object().put("reasoning_tokens", 0));
        u.put("total_tokens", usage.inputTokens() + usage.outputTokens());
        r.set("usage", u);
        return r;
    }
}
