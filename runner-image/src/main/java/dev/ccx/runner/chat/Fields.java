package dev.ccx.runner.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.error.AgentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed reads of optional request fields; a wrong type is a 400 naming the field. */
final class Fields {

    private static final int MAX_LIST = 256;

    private Fields() {
    }

    /** A boolean field; missing or null is false. */
    static boolean bool(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw AgentException.invalid(field + " must be true or false");
        }
        return node.asBoolean();
    }

    /** A flag with Python truthiness, as cc-executor-docker reads it (1 and "x" are true, 0 and "" false). */
    static boolean truthy(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return false;
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        if (node.isNumber()) {
            return node.asDouble() != 0;
        }
        if (node.isTextual()) {
            return !node.asText().isEmpty();
        }
        throw AgentException.invalid(field + " must be true or false");
    }

    /** A string field; missing, null or empty is absent. */
    static Optional<String> optionalText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw AgentException.invalid(field + " must be a string");
        }
        String value = node.asText();
        if (value.indexOf('\0') >= 0) {
            throw AgentException.invalid(field + " must not contain NUL characters");
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** An array of non-empty strings; missing or null is absent. */
    static Optional<List<String>> textList(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isArray() || node.size() > MAX_LIST) {
            throw AgentException.invalid(field + " must be an array of at most " + MAX_LIST + " strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.asText().isEmpty() || item.asText().indexOf('\0') >= 0) {
                throw AgentException.invalid(field + " must hold non-empty strings without NUL characters");
            }
            out.add(item.asText());
        }
        return Optional.of(out);
    }

    static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
