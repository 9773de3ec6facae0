package dev.ccx.orchestrator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;

/**
 * Checks a chat request against the caller's policy before it reaches a runner: provider, model, Codex sandbox
 * mode and timeout. Field shapes the policy depends on are validated here; the runner validates the rest.
 */
public final class ChatPolicy {
    private ChatPolicy() {}

    /** Returns the provider the request will run with, or throws 400/403 naming the field. */
    public static String check(ObjectNode body, Policy policy) {
        String provider = optionalString(body, "provider");
        String model = optionalString(body, "model");
        if (provider != null && !provider.equals("claude") && !provider.equals("codex")) {
            throw ApiException.badRequest("invalid_provider", "provider must be 'claude' or 'codex'");
        }
        if (provider == null) {
            provider = model != null && model.startsWith("codex/") ? "codex" : "claude";
        }
        if (model == null) {
            model = provider.equals("codex") ? "codex/default" : "sonnet";
        }
        ProviderRule rule = policy.provider(provider);
        if (!rule.enabled()) {
            throw ApiException.forbidden("provider_not_allowed", "provider '" + provider + "' is not allowed by policy");
        }
        if (!rule.allowsModel(model)) {
            throw ApiException.forbidden("model_not_allowed", "model '" + abbreviate(model) + "' is not allowed by policy");
        }
        String sandbox = optionalString(body, "codex_sandbox");
        if (sandbox != null && provider.equals("codex") && !policy.codex().allowsSandbox(sandbox)) {
            throw ApiException.forbidden("sandbox_not_allowed",
                    "codex_sandbox '" + abbreviate(sandbox) + "' is not allowed by policy");
        }
        JsonNode timeout = body.get("timeout");
        if (timeout != null && !timeout.isNull() && (!timeout.isNumber() || timeout.asDouble() <= 0)) {
            throw ApiException.badRequest("invalid_timeout", "timeout must be a positive number of seconds");
        }
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.badRequest("invalid_messages", "messages is required and must be a non-empty array");
        }
        JsonNode stream = body.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw ApiException.badRequest("invalid_stream", "stream must be true or false");
        }
        return provider;
    }

    private static String optionalString(ObjectNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.badRequest("invalid_" + field, field + " must be a string");
        }
        return node.asText();
    }

    private static String abbreviate(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
