package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import java.util.Set;

/**
 * Translates an Anthropic Messages API request ({@code POST /v1/messages}, and the body of
 * {@code /v1/messages/count_tokens}) into the internal run request.
 */
final class MessagesRequests {
    static final FrontFields FIELDS = new FrontFields("/v1/messages",
            Set.of("model", "messages", "system", "stream", "max_tokens", "tools", "tool_choice", "stop_sequences",
                    "thinking"),
            Set.of("temperature", "top_p", "top_k", "metadata", "service_tier"));
    private static final Set<String> TEXT_BLOCKS = Set.of("text");

    private MessagesRequests() {}

    static RunRequest translate(ObjectNode body) {
        FIELDS.check(body);
        refuseWhatCannotBeHonoured(body);
        maxTokens(body.get("max_tokens"));
        String model = FrontFields.optionalString(body, "model");
        String provider = FrontFields.optionalString(body, "provider");
        ChatBody chat = new ChatBody();
        JsonNode system = body.get("system");
        if (system != null && !system.isNull()) {
            chat.system(TextContent.parts(system, "system", TEXT_BLOCKS));
        }
        messages(body.get("messages"), chat);
        FIELDS.copyExtensions(body, chat);
        if (model != null) {
            chat.model(ModelNames.normalise(model, provider));
        }
        return new RunRequest(chat.build(), FrontFields.stream(body), RunRequest.echoedModel(model, provider));
    }

    private static void refuseWhatCannotBeHonoured(ObjectNode body) {
        FIELDS.refuseUnless(body, "tools", v -> v.isArray() && v.isEmpty());
        FIELDS.refuseUnless(body, "tool_choice", v -> Set.of("auto", "none").contains(v.path("type").asText("")));
        FIELDS.refuseUnless(body, "stop_sequences", v -> v.isArray() && v.isEmpty());
        FIELDS.refuseUnless(body, "thinking", v -> v.path("type").asText("").equals("disabled"));
    }

    /** Accepted for compatibility (Anthropic requires it); the CLIs have no output cap, so it limits nothing. */
    private static void maxTokens(JsonNode maxTokens) {
        if (maxTokens != null && !maxTokens.isNull() && (!maxTokens.isIntegralNumber() || maxTokens.asLong() < 1)) {
            throw ApiException.badField("invalid_max_tokens", "max_tokens", "max_tokens must be a positive integer");
        }
    }

    private static void messages(JsonNode messages, ChatBody chat) {
        TextContent.requireMessages(messages);
        for (int i = 0; i < messages.size(); i++) {
            String name = "messages[" + i + "]";
            JsonNode message = TextContent.message(messages, i, name);
            String role = message.path("role").asText("");
            if (!role.equals("user") && !role.equals("assistant")) {
                throw ApiException.badField("invalid_messages", name + ".role", name + ".role must be user or assistant");
            }
            ArrayNode parts = TextContent.parts(message.get("content"), name + ".content", TEXT_BLOCKS);
            chat.turn(role, parts);
        }
        String last = "messages[" + (messages.size() - 1) + "]";
        if (!messages.get(messages.size() - 1).path("role").asText().equals("user")) {
            throw ApiException.badField("unsupported_content", last, last + ": a final assistant message (prefill) "
                    + "is not supported; the CLIs cannot continue a partial answer");
        }
    }
}
