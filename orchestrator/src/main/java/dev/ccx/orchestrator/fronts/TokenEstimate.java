package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The documented estimate {@code /v1/messages/count_tokens} answers with: one token per four characters (Unicode
 * code points, rounded up) of the system prompt and every message text, at least 1. The CLI's own system prompt and
 * tool definitions are not included; the usage of a real run reports those too.
 */
final class TokenEstimate {
    static final int CHARS_PER_TOKEN = 4;

    private TokenEstimate() {}

    /** The estimate for a translated run request. */
    static long inputTokens(ObjectNode chatBody) {
        long chars = 0;
        for (JsonNode message : chatBody.path("messages")) {
            for (JsonNode part : message.path("content")) {
                String text = part.path("text").asText("");
                chars += text.codePointCount(0, text.length());
            }
        }
        return Math.max(1, (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN);
    }
}
