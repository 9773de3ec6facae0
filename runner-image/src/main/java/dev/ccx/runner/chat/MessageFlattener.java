package dev.ccx.runner.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.cli.Prompt;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns OpenAI {@code messages} into a system prompt plus one prompt text, as cc-executor-docker does: user turns
 * are kept verbatim, assistant turns are inlined in brackets, turns are joined by a blank line. Unlike
 * cc-executor-docker nothing that carries meaning is dropped: every {@code system} and {@code developer} message
 * forms the system prompt (in order, joined by a blank line), and tool messages, tool calls, non-text parts and
 * unknown roles are 400s. Malformed shapes are 400s too, never crashes. The orchestrator checks the same first.
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
        List<String> system = new ArrayList<>();
        List<String> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            String name = "messages[" + i + "]";
            JsonNode message = messages.get(i);
            if (!message.isObject()) {
                throw AgentException.invalid(name + " must be an object");
            }
            switch (role(message, name)) {
                case "system", "developer" -> system.add(content(message, name, true));
                case "user" -> turns.add(content(message, name, false));
                case "assistant" -> {
                    refuseToolCalls(message, name);
                    turns.add("[Previous assistant response: " + content(message, name, true) + "]");
                }
                default -> throw new IllegalStateException("role() returns only the four roles above");
            }
        }
        String joined = String.join("\n\n", system.stream().filter(s -> !s.isEmpty()).toList());
        return new Prompt(Optional.of(joined), String.join("\n\n", turns));
    }

    /** The message's role; tool results have nothing the CLIs could take, other roles are not OpenAI's. */
    private static String role(JsonNode message, String name) {
        JsonNode role = message.get("role");
        if (role == null || role.isNull()) {
            throw AgentException.invalid(name + ".role is required: system, developer, user or assistant");
        }
        if (!role.isTextual()) {
            throw AgentException.invalid(name + ".role must be a string");
        }
        return switch (role.asText()) {
            case "system", "developer", "user", "assistant" -> role.asText();
            case "tool", "function" -> throw new AgentException(Reason.UNSUPPORTED_CONTENT, name
                    + ": messages with role '" + role.asText() + "' are not supported; the CLIs run their own tools,"
                    + " so client-side tool results cannot be passed on");
            default -> throw AgentException.invalid(name + ".role must be system, developer, user or assistant, not '"
                    + Fields.abbreviate(role.asText()) + "'");
        };
    }

    /** An assistant turn that called client-side tools cannot be replayed to a CLI; an empty list asks nothing. */
    private static void refuseToolCalls(JsonNode message, String name) {
        for (String field : List.of("tool_calls", "function_call")) {
            JsonNode calls = message.get(field);
            if (calls != null && !calls.isNull() && !(calls.isArray() && calls.isEmpty())) {
                throw new AgentException(Reason.UNSUPPORTED_CONTENT, name + "." + field + ": assistant tool calls"
                        + " are not supported; the CLIs run their own tools, so client-side tool calls cannot be"
                        + " passed on");
            }
        }
    }

    /** A string content as is; text parts joined by one space; null only where allowed; other parts refused. */
    private static String content(JsonNode message, String name, boolean nullAllowed) {
        JsonNode content = message.get("content");
        if (content == null || content.isNull()) {
            if (nullAllowed) {
                return "";
            }
            throw AgentException.invalid(name + ".content must be a string or an array of parts");
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw AgentException.invalid(name + ".content must be a string or an array of parts");
        }
        List<String> texts = new ArrayList<>();
        for (int p = 0; p < content.size(); p++) {
            texts.add(text(content.get(p), name + ".content[" + p + "]"));
        }
        return String.join(" ", texts);
    }

    private static String text(JsonNode part, String name) {
        if (!part.isObject() || !part.path("type").isTextual()) {
            throw AgentException.invalid(name + " must be an object with a type");
        }
        String type = part.get("type").asText();
        if (!type.equals("text")) {
            throw new AgentException(Reason.UNSUPPORTED_CONTENT, name + ": content of type '"
                    + Fields.abbreviate(type) + "' is not supported; the CLIs take text only");
        }
        JsonNode text = part.get("text");
        if (text == null || !text.isTextual()) {
            throw AgentException.invalid(name + ".text must be a string");
        }
        return text.asText();
    }
}
