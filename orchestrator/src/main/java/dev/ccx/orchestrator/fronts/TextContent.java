package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ccx.orchestrator.http.ApiException;
import java.util.Set;

/**
 * Content normalisation shared by the fronts: a plain string, or an array of text parts (whatever a front calls
 * them: {@code text}, {@code input_text}, {@code output_text}), becomes chat-completions text parts, which the
 * runner flattens for every front alike. Any other part is refused with a 400 naming it, never dropped.
 */
final class TextContent {
    private TextContent() {}

    /** Throws 400 unless {@code messages} is a non-empty array (both fronts' {@code messages} field). */
    static void requireMessages(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.badField("invalid_messages", "messages",
                    "messages is required and must be a non-empty array");
        }
    }

    /** Message {@code i} of {@code messages}, which must be an object; {@code name} is how errors call it. */
    static JsonNode message(JsonNode messages, int i, String name) {
        JsonNode message = messages.get(i);
        if (!message.isObject()) {
            throw ApiException.badField("invalid_messages", name, name + " must be an object");
        }
        return message;
    }

    /** The text parts of {@code content}; {@code field} names it in errors, {@code textTypes} are the text part types. */
    static ArrayNode parts(JsonNode content, String field, Set<String> textTypes) {
        ArrayNode parts = JsonNodeFactory.instance.arrayNode();
        if (content != null && content.isTextual()) {
            parts.addObject().put("type", "text").put("text", content.asText());
            return parts;
        }
        if (content == null || !content.isArray()) {
            throw ApiException.badField("invalid_content", field,
                    field + " must be a string or an array of text parts");
        }
        for (int i = 0; i < content.size(); i++) {
            String name = field + "[" + i + "]";
            JsonNode part = content.get(i);
            if (!part.isObject() || !part.path("type").isTextual()) {
                throw ApiException.badField("invalid_content", name, name + " must be an object with a type");
            }
            String type = part.get("type").asText();
            if (!textTypes.contains(type)) {
                throw ApiException.badField("unsupported_content", name, name + ": content of type '"
                        + abbreviate(type) + "' is not supported; the CLIs take text only (supported: "
                        + String.join(", ", textTypes.stream().sorted().toList()) + ")");
            }
            if (!part.path("text").isTextual()) {
                throw ApiException.badField("invalid_content", name + ".text", name + ".text must be a string");
            }
            parts.addObject().put("type", "text").put("text", part.get("text").asText());
        }
        return parts;
    }

    static String abbreviate(String value) {
        return value.length() > 60 ? value.substring(0, 60) + "…" : value;
    }
}
