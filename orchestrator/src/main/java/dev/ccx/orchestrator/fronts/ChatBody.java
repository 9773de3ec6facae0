package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the internal run request every front produces: a chat-completions body for the runner with at most one
 * system message (all system text, in order), the conversation turns, ccx's extension fields, and always
 * {@code stream: true} with usage, so every front reads the same chunk stream back.
 */
final class ChatBody {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final ArrayNode system = NODES.arrayNode();
    private final ArrayNode turns = NODES.arrayNode();
    private final ObjectNode options = NODES.objectNode();
    private String model;

    ChatBody model(String model) {
        this.model = model;
        return this;
    }

    /** Appends system text parts; all of them form the one system message. */
    ChatBody system(ArrayNode parts) {
        system.addAll(parts);
        return this;
    }

    /** Appends a {@code user} or {@code assistant} turn. */
    ChatBody turn(String role, ArrayNode parts) {
        ObjectNode turn = turns.addObject();
        turn.put("role", role);
        turn.set("content", parts);
        return this;
    }

    boolean hasTurn(String role) {
        for (JsonNode turn : turns) {
            if (turn.path("role").asText().equals(role)) {
                return true;
            }
        }
        return false;
    }

    ChatBody option(String field, JsonNode value) {
        options.set(field, value);
        return this;
    }

    ObjectNode build() {
        ObjectNode body = NODES.objectNode();
        if (model != null) {
            body.put("model", model);
        }
        ArrayNode messages = body.putArray("messages");
        if (!system.isEmpty()) {
            ObjectNode message = messages.addObject();
            message.put("role", "system");
            message.set("content", system.deepCopy());
        }
        messages.addAll(turns.deepCopy());
        body.setAll(options.deepCopy());
        body.put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        return body;
    }
}
