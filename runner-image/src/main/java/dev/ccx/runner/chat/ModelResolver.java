package dev.ccx.runner.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.ModelChoice;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.util.regex.Pattern;

/** Applies cc-executor-docker's provider rules and model tables (spec 5.3) to a request's provider and model. */
public final class ModelResolver {

    private static final String CODEX_PREFIX = "codex/";
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/@\\[\\]-]{0,199}");

    private final ModelCatalog catalog;

    public ModelResolver(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    /** Resolves the raw JSON {@code provider} and {@code model} fields (either may be missing or null). */
    public ModelChoice resolve(JsonNode providerField, JsonNode modelField) {
        String model = modelField == null || modelField.isNull() ? null : text(modelField, "model");
        Provider provider;
        if (providerField == null || providerField.isNull()) {
            model = model == null ? "sonnet" : model;
            provider = model.startsWith(CODEX_PREFIX) ? Provider.CODEX : Provider.CLAUDE;
        } else {
            String name = providerField.isTextual() ? providerField.asText() : Json.compact(providerField);
            provider = Provider.fromWireName(name)
                    .orElseThrow(() -> AgentException.invalid("provider must be 'claude' or 'codex'"));
            model = model == null ? (provider == Provider.CODEX ? "codex/default" : "sonnet") : model;
            if (provider == Provider.CLAUDE && model.startsWith(CODEX_PREFIX)) {
                throw AgentException.invalid("codex/* models require provider=codex");
            }
            if (provider == Provider.CODEX && ModelCatalog.claudeAlias(model).isPresent()) {
                throw AgentException.invalid("Claude model aliases require provider=claude");
            }
        }
        return provider == Provider.CLAUDE ? claude(model) : codex(model);
    }

    private static ModelChoice claude(String model) {
        String cli = ModelCatalog.claudeAlias(model).orElse(model);
        if (!cli.isEmpty() && !MODEL_NAME.matcher(cli).matches()) {
            throw new AgentException(Reason.UNSUPPORTED_MODEL, "unsupported Claude model name: " + abbreviate(model));
        }
        return new ModelChoice(Provider.CLAUDE, model, cli);
    }

    private ModelChoice codex(String model) {
        String slug;
        if ("codex/default".equals(model)) {
            slug = catalog.codexDefault();
        } else if (model.startsWith(CODEX_PREFIX)) {
            slug = model.substring(CODEX_PREFIX.length());
        } else {
            slug = model;
        }
        if (!catalog.hasCodexSlug(slug) && !"gpt-5.5".equals(slug)) {
            throw new AgentException(Reason.UNSUPPORTED_MODEL, "unsupported Codex model: " + abbreviate(model));
        }
        return new ModelChoice(Provider.CODEX, model, slug);
    }

    private static String text(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw AgentException.invalid(field + " must be a string");
        }
        return node.asText();
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
