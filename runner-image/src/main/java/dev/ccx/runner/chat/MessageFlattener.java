package dev.ccx.runner.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.cli.Prompt;
import dev.ccx.runner.error.AgentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns OpenAI {@code messages} into a system prompt plus one prompt text, as cc-executor-docker does: the last
 * system (or developer) message wins, user turns are kept verbatim, assistant turns are inlined in brackets, other
 * roles are dropped, turns are joined by a blank line. Malformed shapes are 400s, never crashes.
 */
public final class MessageFlattener {

    private MessageFlattener() {
    }

    /** Flattens {@code messages}, which must be a non-empty array of message objects. */
    public static Prompt flatten(JsonNode messages) {
        if (messages == null || messages.isNull() || messages.isMissingNode()
                || (messages.isArray() && messages.isEmpty())) {
            throw AgentException.invalid("messages is required");
        }
        if (!messages.isArray()) {
            throw AgentException.invalid("messages must be an array of message objects");
        }
        Optional<String> system = Optional.empty();
        List<String> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw AgentException.invalid("messages[" + i + "] must be an object");
            }
            JsonNode role = message.get("role");
            if (role != null && !role.isNull() && !role.isTextual()) {
                throw AgentException.invalid("messages[" + i + "].role must be a string");
            }
            String name = role == null || role.isNull() ? "" : role.asText();
            switch (name) {
                case "system", "developer" -> system = Optional.of(content(message, i, true));
                case "user" -> turns.add(content(message, i, false));
                case "assistant" -> turns.add("[Previous assistant response: " + content(message, i, true) + "]");
                default -> {
                    // tool, function and unknown roles carry no text for the CLI (as in cc-executor-docker)
                }
            }
        }
        return new Prompt(system, String.join("\n\n", turns));
    }

    /** A string content as is; content parts as their text parts joined by one space; null only where allowed. */
    private static String content(JsonNode message, int index, boolean nullAllowed) {
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            if (nullAllowed) {
                return "";
            }
            throw AgentException.invalid("messages[" + index + "].content must be a string or an array of parts");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw AgentException.invalid("messages[" + index + "].content must be a string or an array of parts");
        }
        List<String> texts = new ArrayList<>();
        for (int p = 0; p < content.size(); p++) {
            JsonNode part = content.get(p);
            if (!part.isObject()) {
                throw AgentException.invalid("messages[" + index + "].content[" + p + "] must be an object");
            }
            if ("text".equals(part.path("type").asText())) {
                JsonNode text = part.get("text");
                if (text == null || !text.isTextual()) {
                    throw AgentException.invalid("messages[" + index + "].content[" + p + "].text must be a string");
                }
                texts.add(text.asText());
            }
        }
        return String.join(" ", texts);
    }
}
