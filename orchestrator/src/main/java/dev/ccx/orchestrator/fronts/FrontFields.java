package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A front's top-level fields: those it translates, those it accepts without effect (tuning knobs the CLIs cannot
 * honour and whose absence changes no answer's shape), and ccx's extension fields, passed to the run as in chat
 * completions. Anything else is refused with a 400 naming the field; nothing is silently dropped.
 */
record FrontFields(String endpoint, Set<String> translated, Set<String> ignored) {
    /** ccx's own chat-completions fields, accepted by every front (docs/api.md). */
    static final List<String> EXTENSIONS = List.of("provider", "job", "cwd", "add_dirs", "allowed_tools",
            "max_turns", "output_files", "codex_sandbox", "reasoning_effort", "web_search", "timeout");

    private static final Map<String, String> WHY = Map.of(
            "tools", "client-side tool definitions cannot be honoured: the CLIs run their own tools "
                    + "(choose them with allowed_tools)",
            "tool_choice", "there are no client-side tools to choose from",
            "previous_response_id", "ccx keeps no conversation state; send the whole conversation",
            "conversation", "ccx keeps no conversation state; send the whole conversation",
            "stop_sequences", "the CLIs cannot stop at caller-chosen sequences",
            "thinking", "thinking blocks cannot be returned; the CLI decides how to think (use reasoning_effort)",
            "background", "background responses are not supported; use stream: true",
            "include", "extra output items cannot be included",
            "text", "only plain text output is supported");

    FrontFields {
        translated = Set.copyOf(translated);
        ignored = Set.copyOf(ignored);
    }

    /** Throws 400 {@code unsupported_field} for the first field the front neither knows nor accepts. */
    void check(ObjectNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!translated.contains(name) && !ignored.contains(name) && !EXTENSIONS.contains(name)) {
                throw unsupported(name);
            }
        }
    }

    /** Refuses {@code field} unless it is absent, null, or a value that asks for nothing ({@code harmless}). */
    void refuseUnless(ObjectNode body, String field, Predicate<JsonNode> harmless) {
        JsonNode value = body.get(field);
        if (value != null && !value.isNull() && !harmless.test(value)) {
            throw unsupported(field);
        }
    }

    /** Copies the extension fields present in {@code body} into the run. */
    void copyExtensions(ObjectNode body, ChatBody chat) {
        for (String field : EXTENSIONS) {
            if (body.has(field)) {
                chat.option(field, body.get(field));
            }
        }
    }

    ApiException unsupported(String field) {
        String why = WHY.getOrDefault(field, "it is not part of what ccx supports on " + endpoint
                + " (see docs/api.md)");
        return ApiException.badField("unsupported_field", field,
                "'" + TextContent.abbreviate(field) + "' is not supported: " + why);
    }

    /** Reads an optional string field (null counts as absent), or throws 400 naming it. */
    static String optionalString(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badField("invalid_" + field, field, field + " must be a string");
        }
        return node.asText();
    }

    /** Reads the optional boolean {@code stream}. */
    static boolean stream(ObjectNode body) {
        JsonNode node = body.get("stream");
        if (node != null && !node.isNull() && !node.isBoolean()) {
            throw ApiException.badField("invalid_stream", "stream", "stream must be true or false");
        }
        return node != null && node.asBoolean();
    }
}
