package dev.ccx.runner.config;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the CLIs are started and what reaches them.
 *
 * @param claudeBin         the {@code claude} executable
 * @param codexBin          the {@code codex} executable
 * @param path              PATH for the CLIs
 * @param lang              LANG for the CLIs
 * @param timeZone          TZ for the CLIs, empty when unset
 * @param passThrough       operator-chosen variables (CCX_CLI_ENV) with their values; may hold secrets
 * @param codexConfig       {@code key=value} overrides appended as {@code -c} to every codex run
 * @param codexDefaultModel slug behind {@code codex/default}
 * @param codexModels       the static Codex catalogue (slugs)
 */
public record CliSettings(
        String claudeBin,
        String codexBin,
        String path,
        String lang,
        String timeZone,
        Map<String, String> passThrough,
        List<String> codexConfig,
        String codexDefaultModel,
        List<String> codexModels) {

    public CliSettings {
        passThrough = Map.copyOf(passThrough);
        codexConfig = List.copyOf(codexConfig);
        codexModels = List.copyOf(codexModels);
    }

    /** Never prints pass-through values or Codex overrides: either may carry keys. */
    @Override
    public String toString() {
        return "CliSettings[claudeBin=" + claudeBin + ", codexBin=" + codexBin + ", passThrough="
                + passThrough.keySet().stream().sorted().collect(Collectors.joining(",", "[", "]"))
                + ", codexConfig=" + codexConfig.size() + " entries, codexDefaultModel=" + codexDefaultModel
                + ", codexModels=" + codexModels + "]";
    }
}
