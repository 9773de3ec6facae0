package dev.ccx.runner.chat;

import dev.ccx.runner.cli.Provider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The models a runner offers: cc-executor-docker's Claude alias table (opus means 1M context, sonnet 200K, the
 * {@code *200k} names force 200K) and the static Codex catalogue with {@code codex/default}.
 */
public final class ModelCatalog {

    /** Accepted Claude {@code reasoning_effort} values. */
    public static final List<String> CLAUDE_EFFORTS = List.of("low", "medium", "high", "xhigh", "max");
    /** Efforts of every Codex model in the static catalogue. */
    public static final List<String> CODEX_EFFORTS = List.of("low", "medium", "high", "xhigh");

    private static final Map<String, String> CLAUDE_ALIASES = claudeAliases();
    private static final List<String> LISTED_CLAUDE = List.of("opus[1m]", "sonnet[1m]", "opus", "sonnet", "haiku",
            "opus200k", "sonnet200k", "cc-executor/opus[1m]", "cc-executor/sonnet[1m]", "cc-executor/opus",
            "cc-executor/sonnet", "cc-executor/haiku", "cc-executor/opus200k", "cc-executor/sonnet200k");

    private final List<String> codexModels;
    private final String codexDefault;
    private final Set<Provider> providers;

    public ModelCatalog(List<String> codexModels, String codexDefault, Set<Provider> providers) {
        this.codexModels = List.copyOf(codexModels);
        this.codexDefault = codexDefault;
        this.providers = Set.copyOf(providers);
    }

    /** The CLI model for a Claude alias, or empty when {@code name} is not an alias (it is passed verbatim). */
    public static Optional<String> claudeAlias(String name) {
        return Optional.ofNullable(CLAUDE_ALIASES.get(name));
    }

    /** The slug behind {@code codex/default}. */
    public String codexDefault() {
        return codexDefault;
    }

    /** True when {@code slug} is in the Codex catalogue. */
    public boolean hasCodexSlug(String slug) {
        return codexModels.contains(slug);
    }

    /** Efforts a Codex slug accepts. */
    public List<String> codexEfforts(String slug) {
        return CODEX_EFFORTS;
    }

    /** Every model of the allowed providers, Claude first, as cc-executor-docker lists them. */
    public List<ModelEntry> entries() {
        List<ModelEntry> out = new ArrayList<>();
        if (providers.contains(Provider.CLAUDE)) {
            for (String id : LISTED_CLAUDE) {
                out.add(new ModelEntry(id, "anthropic", Optional.empty(), CLAUDE_EFFORTS, Optional.empty()));
            }
        }
        if (providers.contains(Provider.CODEX)) {
            for (String slug : codexModels) {
                out.add(codexEntry("codex/" + slug, slug));
            }
            out.add(codexEntry("codex/default", codexDefault));
            if (!codexModels.contains("gpt-5.5")) {
                out.add(codexEntry("codex/gpt-5.5", "gpt-5.5"));
            }
        }
        return out;
    }

    private ModelEntry codexEntry(String id, String slug) {
        String defaultEffort = "gpt-5.3-codex-spark".equals(slug) ? "high" : "medium";
        return new ModelEntry(id, "openai", Optional.of(slug), codexEfforts(slug), Optional.of(defaultEffort));
    }

    private static Map<String, String> claudeAliases() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : List.of("opus[1m]", "claude-opus[1m]", "cc-executor/opus[1m]",
                "opus", "claude-opus", "claude-opus-4", "cc-executor/opus")) {
            m.put(name, "opus[1m]");
        }
        for (String name : List.of("sonnet[1m]", "claude-sonnet[1m]", "cc-executor/sonnet[1m]")) {
            m.put(name, "sonnet[1m]");
        }
        for (String name : List.of("sonnet", "claude-sonnet", "claude-sonnet-4", "cc-executor/sonnet",
                "sonnet200k", "cc-executor/sonnet200k")) {
            m.put(name, "sonnet");
        }
        for (String name : List.of("haiku", "claude-haiku", "claude-haiku-4", "cc-executor/haiku")) {
            m.put(name, "haiku");
        }
        for (String name : List.of("opus200k", "cc-executor/opus200k")) {
            m.put(name, "opus");
        }
        return Map.copyOf(m);
    }
}
