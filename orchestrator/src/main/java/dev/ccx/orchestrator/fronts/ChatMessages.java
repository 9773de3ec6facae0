package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.orchestrator.http.ApiException;
import java.util.List;
import java.util.Set;

/**
 * Checks chat-completions {@code messages} before the body goes to the runner as sent, with the content rules the
 * other fronts use ({@link TextContent}): what the CLIs cannot take (tool results, tool calls, non-text parts) is
 * refused with 400 {@code unsupported_content}, malformed messages with 400, both naming the field; nothing is
 * dropped. {@code system} and {@code developer} messages form the system prompt, {@code user} and
 * {@code assistant} messages the conversation.
 */
public final class ChatMessages {
    private static final Set<String> TEXT_PARTS = Set.of("text");
    private static final String ROLES = "system, developer, user or assistant";

    private ChatMessages() {}

    /** Throws 400 naming the first message, or part of one, that the CLIs cannot be given as it is. */
    public static void check(JsonNode messages) {
        TextContent.requireMessages(messages);
        for (int i = 0; i < messages.size(); i++) {
            String name = "messages[" + i + "]";
            JsonNode message = TextContent.message(messages, i, name);
            String role = role(message, name);
            if (role.equals("assistant")) {
                refuseToolCalls(message, name);
            }
            JsonNode content = message.get("content");
            boolean mayBeEmpty = !role.equals("user");
            if (!(mayBeEmpty && (content == null || content.isNull()))) {
                TextContent.parts(content, name + ".content", TEXT_PARTS);
            }
        }
    }

    private static String role(JsonNode message, String name) {
        JsonNode role = message.get("role");
        if (role == null || role.isNull()) {
            throw ApiException.badField("invalid_messages", name + ".role", name + ".role is required: " + ROLES);
        }
        String value = role.isTextual() ? role.asText() : "";
        return switch (value) {
            case "system", "developer", "user", "assistant" -> value;
            case "tool", "function" -> throw ApiException.badField("unsupported_content", name, name
                    + ": messages with role '" + value + "' are not supported; the CLIs run their own tools, so "
                    + "client-side tool results cannot be passed on");
            default -> throw ApiException.badField("invalid_messages", name + ".role", name + ".role must be "
                    + ROLES + (role.isTextual() ? ", not '" + TextContent.abbreviate(value) + "'" : ""));
        };
    }

    /** A turn that called client-side tools cannot be replayed to a CLI; an empty {@code tool_calls} asks nothing. */
    private static void refuseToolCalls(JsonNode message, String name) {
        for (String field : List.of("tool_calls", "function_call")) {
            JsonNode calls = message.get(field);
            if (calls != null && !calls.isNull() && !(calls.isArray() && calls.isEmpty())) {
                String param = name + "." + field;
                throw ApiException.badField("unsupported_content", param, param + ": assistant tool calls are not "
                        + "supported; the CLIs run their own tools, so client-side tool calls cannot be passed on");
            }
        }
    }
}
