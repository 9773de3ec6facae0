package dev.ccx.orchestrator.policy;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Whether a provider (claude, codex) may be used, which models (globs), and for Codex which sandbox modes. */
public record ProviderRule(boolean enabled, List<String> models, Set<String> sandboxes) {
    public ProviderRule {
        models = List.copyOf(models);
        sandboxes = Set.copyOf(sandboxes);
    }

    public boolean allowsModel(String model) {
        return models.stream().anyMatch(glob -> Globs.matches(glob, model));
    }

    public boolean allowsSandbox(String sandbox) {
        return sandboxes.contains(sandbox);
    }

    /** Minimal glob matching ({@code *} and {@code ?}) used for model names and user-id patterns. */
    public static final class Globs {
        private Globs() {}

        public static boolean matches(String glob, String value) {
            StringBuilder regex = new StringBuilder();
            for (char c : glob.toCharArray()) {
                switch (c) {
                    case '*' -> regex.append(".*");
                    case '?' -> regex.append('.');
                    default -> regex.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.matches(regex.toString(), value);
        }
    }
}
