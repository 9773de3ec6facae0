package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import dev.ccx.orchestrator.http.ErrorBody;
import dev.ccx.orchestrator.http.ErrorDialect;

/**
 * Anthropic's event sequence: {@code message_start}, {@code content_block_start}, {@code ping}, one
 * {@code content_block_delta} per chunk, {@code content_block_stop}, {@code message_delta} (stop reason, usage),
 * {@code message_stop}; on failure an {@code error} event in Anthropic's error shape.
 */
final class MessagesStream implements FrontStream {
    private final SseOut sse;
    private final MessageObjects objects;

    MessagesStream(SseOut sse, MessageObjects objects) {
        this.sse = sse;
        this.objects = objects;
    }

    @Override
    public void open() {
        sse.event("message_start", event("message_start").set("message", objects.message(null)));
        sse.event("content_block_start", event("content_block_start").put("index", 0)
                .set("content_block", MessageObjects.textBlock("")));
        sse.event("ping", event("ping"));
    }

    @Override
    public void text(String delta) {
        ObjectNode textDelta = JsonNodeFactory.instance.objectNode().put("type", "text_delta").put("text", delta);
        sse.event("content_block_delta", event("content_block_delta").put("index", 0).set("delta", textDelta));
    }

    @Override
    public void finish(RunResult result) {
        sse.event("content_block_stop", event("content_block_stop").put("index", 0));
        ObjectNode delta = event("message_delta");
        delta.putObject("delta").put("stop_reason", MessageObjects.stopReason(result)).putNull("stop_sequence");
        delta.set("usage", MessageObjects.usage(result.usage()));
        delta.setAll(result.extras());
        sse.event("message_delta", delta);
        sse.event("message_stop", event("message_stop"));
    }

    @Override
    public void fail(ApiException error, RunResult soFar) {
        sse.event("error", ErrorBody.of(error, ErrorDialect.ANTHROPIC));
    }

    private static ObjectNode event(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }
}
