package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;

/**
 * The Responses API event sequence: {@code response.created}, {@code response.in_progress}, the output message's
 * {@code output_item.added} / {@code content_part.added}, one {@code output_text.delta} per chunk, the matching
 * {@code .done} events and {@code response.completed}; on failure {@code error} and {@code response.failed}.
 */
final class ResponsesStream implements FrontStream {
    private final SseOut sse;
    private final ResponseObjects objects;
    private int sequence;

    ResponsesStream(SseOut sse, ResponseObjects objects) {
        this.sse = sse;
        this.objects = objects;
    }

    @Override
    public void open() {
        emit("response.created", fields().set("response", objects.response("in_progress")));
        emit("response.in_progress", fields().set("response", objects.response("in_progress")));
        emit("response.output_item.added", fields().put("output_index", 0)
                .set("item", objects.message("in_progress", null)));
        emit("response.content_part.added", atPart().set("part", ResponseObjects.textPart("")));
    }

    @Override
    public void text(String delta) {
        ObjectNode event = atPart().put("delta", delta);
        event.putArray("logprobs");
        emit("response.output_text.delta", event);
    }

    @Override
    public void finish(RunResult result) {
        ObjectNode done = atPart().put("text", result.text());
        done.putArray("logprobs");
        emit("response.output_text.done", done);
        emit("response.content_part.done", atPart().set("part", ResponseObjects.textPart(result.text())));
        emit("response.output_item.done", fields().put("output_index", 0)
                .set("item", objects.message("completed", result.text())));
        emit("response.completed", fields().set("response", objects.completed(result)));
    }

    /** Sends the error in both shapes clients parse (top-level code/message, and a nested {@code error}). */
    @Override
    public void fail(ApiException error, RunResult soFar) {
        ObjectNode event = fields().put("code", error.code()).put("message", error.publicMessage());
        event.putNull("param");
        event.putObject("error").put("type", error.type()).put("code", error.code())
                .put("message", error.publicMessage());
        emit("error", event);
        emit("response.failed", fields().set("response", objects.failed(error, soFar)));
    }

    private ObjectNode atPart() {
        return fields().put("item_id", objects.itemId()).put("output_index", 0).put("content_index", 0);
    }

    private static ObjectNode fields() {
        return JsonNodeFactory.instance.objectNode();
    }

    private void emit(String type, ObjectNode fields) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        event.put("type", type).put("sequence_number", sequence++);
        event.setAll(fields);
        sse.event(type, event);
    }
}
