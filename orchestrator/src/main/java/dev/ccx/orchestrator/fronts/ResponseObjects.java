package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import java.time.Instant;
import java.util.Optional;

/** The OpenAI Responses API objects of one run: the response, its single output message, the usage. */
final class ResponseObjects {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final String id = Ids.random("resp_");
    private final String itemId = Ids.random("msg_");
    private final long createdAt = Instant.now().getEpochSecond();
    private final String model;

    ResponseObjects(String model) {
        this.model = model;
    }

    String itemId() {
        return itemId;
    }

    /** The response object with no output yet ({@code in_progress}). */
    ObjectNode response(String status) {
        ObjectNode r = NODES.objectNode();
        r.put("id", id).put("object", "response").put("created_at", createdAt).put("status", status);
        r.putNull("error");
        r.putNull("incomplete_details");
        r.putNull("instructions");
        r.putNull("max_output_tokens");
        r.put("model", model);
        r.putArray("output");
        r.put("parallel_tool_calls", false);
        r.putNull("previous_response_id");
        r.putObject("reasoning").putNull("effort").putNull("summary");
        r.put("store", false);
        r.putObject("text").putObject("format").put("type", "text");
        r.put("tool_choice", "none");
        r.putArray("tools");
        r.put("truncation", "disabled");
        r.putNull("usage");
        r.putObject("metadata");
        return r;
    }

    ObjectNode completed(RunResult result) {
        ObjectNode r = response("completed");
        r.withArray("output").add(message("completed", result.text()));
        r.set("usage", usage(result.usage()));
        r.setAll(result.extras());
        return r;
    }

    ObjectNode failed(ApiException error, RunResult soFar) {
        ObjectNode r = response("failed");
        r.putObject("error").put("code", error.code()).put("message", error.publicMessage());
        if (!soFar.text().isEmpty()) {
            r.withArray("output").add(message("incomplete", soFar.text()));
        }
        r.set("usage", usage(soFar.usage()));
        return r;
    }

    /** The assistant message item; {@code text} null for the empty item a stream starts with. */
    ObjectNode message(String status, String text) {
        ObjectNode item = NODES.objectNode();
        item.put("id", itemId).put("type", "message").put("status", status).put("role", "assistant");
        item.putArray("content");
        if (text != null) {
            item.withArray("content").add(textPart(text));
        }
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = NODES.objectNode();
        part.put("type", "output_text").put("text", text);
        part.putArray("annotations");
        return part;
    }

    private static JsonNode usage(Optional<RunEvent.Usage> usage) {
        if (usage.isEmpty()) {
            return NullNode.getInstance();
        }
        RunEvent.Usage u = usage.get();
        ObjectNode node = NODES.objectNode();
        node.put("input_tokens", u.input());
        node.putObject("input_tokens_details").put("cached_tokens", u.cached());
        node.put("output_tokens", u.output());
        node.putObject("output_tokens_details").put("reasoning_tokens", u.reasoning());
        node.put("total_tokens", u.total());
        return node;
    }
}
