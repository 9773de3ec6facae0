package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import java.util.Set;

/** Translates an OpenAI Responses API request ({@code POST /v1/responses}) into the internal run request. */
final class ResponsesRequests {
    static final FrontFields FIELDS = new FrontFields("/v1/responses",
            Set.of("model", "input", "instructions", "stream", "reasoning", "text", "tools", "tool_choice",
                    "background", "include"),
            Set.of("max_output_tokens", "temperature", "top_p", "metadata", "user", "store", "service_tier",
                    "truncation", "parallel_tool_calls", "prompt_cache_key", "safety_identifier", "stream_options"));
    private static final Set<String> TEXT_PARTS = Set.of("input_text", "output_text", "text");

    private ResponsesRequests() {}

    static RunRequest translate(ObjectNode body) {
        FIELDS.check(body);
        refuseWhatCannotBeHonoured(body);
        String model = FrontFields.optionalString(body, "model");
        String provider = FrontFields.optionalString(body, "provider");
        ChatBody chat = new ChatBody();
        String instructions = FrontFields.optionalString(body, "instructions");
        if (instructions != null) {
            chat.system(TextContent.parts(body.get("instructions"), "instructions", TEXT_PARTS));
        }
        input(body.get("input"), chat);
        FIELDS.copyExtensions(body, chat);
        effort(body, chat);
        if (model != null) {
            chat.model(ModelNames.normalise(model, provider));
        }
        return new RunRequest(chat.build(), FrontFields.stream(body), RunRequest.echoedModel(model, provider));
    }

    private static void refuseWhatCannotBeHonoured(ObjectNode body) {
        FIELDS.refuseUnless(body, "tools", v -> v.isArray() && v.isEmpty());
        FIELDS.refuseUnless(body, "tool_choice", v -> v.asText("").equals("none") || v.asText("").equals("auto"));
        FIELDS.refuseUnless(body, "background", v -> v.isBoolean() && !v.asBoolean());
        FIELDS.refuseUnless(body, "include", v -> v.isArray() && v.isEmpty());
        FIELDS.refuseUnless(body, "text", v -> v.isObject() && onlyPlainText(v));
        JsonNode reasoning = body.get("reasoning");
        if (reasoning != null && !reasoning.isNull() && !reasoning.isObject()) {
            throw ApiException.badField("invalid_reasoning", "reasoning", "reasoning must be an object");
        }
    }

    private static boolean onlyPlainText(JsonNode text) {
        JsonNode format = text.path("format");
        return format.isMissingNode() || format.isNull() || format.path("type").asText("").equals("text");
    }

    private static void input(JsonNode input, ChatBody chat) {
        if (input == null || input.isNull()) {
            throw ApiException.badField("invalid_input", "input", "input is required: a string or an array of "
                    + "message items");
        }
        if (input.isTextual()) {
            chat.turn("user", TextContent.parts(input, "input", TEXT_PARTS));
            return;
        }
        if (!input.isArray()) {
            throw ApiException.badField("invalid_input", "input", "input must be a string or an array of message items");
        }
        for (int i = 0; i < input.size(); i++) {
            item(input.get(i), "input[" + i + "]", chat);
        }
        if (!chat.hasTurn("user")) {
            throw ApiException.badField("invalid_input", "input", "input must contain at least one user message");
        }
    }

    private static void item(JsonNode item, String name, ChatBody chat) {
        if (!item.isObject()) {
            throw ApiException.badField("invalid_input", name, name + " must be an object");
        }
        String type = item.path("type").asText("message");
        if (!type.equals("message")) {
            throw ApiException.badField("unsupported_content", name, name + ": items of type '"
                    + TextContent.abbreviate(type) + "' are not supported; only message items with text content");
        }
        ArrayNode parts = TextContent.parts(item.get("content"), name + ".content", TEXT_PARTS);
        String role = item.path("role").asText("");
        switch (role) {
            case "user", "assistant" -> chat.turn(role, parts);
            case "system", "developer" -> chat.system(parts);
            default -> throw ApiException.badField("invalid_input", name + ".role",
                    name + ".role must be user, assistant, system or developer");
        }
    }

    /** {@code reasoning.effort} is the Responses API's name for ccx's {@code reasoning_effort}. */
    private static void effort(ObjectNode body, ChatBody chat) {
        JsonNode effort = body.path("reasoning").path("effort");
        if (effort.isMissingNode() || effort.isNull()) {
            return;
        }
        if (!effort.isTextual()) {
            throw ApiException.badField("invalid_reasoning", "reasoning.effort", "reasoning.effort must be a string");
        }
        if (body.has("reasoning_effort")) {
            throw ApiException.badField("invalid_reasoning", "reasoning.effort",
                    "give reasoning.effort or reasoning_effort, not both");
        }
        chat.option("reasoning_effort", effort);
    }
}
