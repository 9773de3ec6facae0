package dev.ccx.orchestrator.fronts;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one model-name normalisation table of the Responses and Messages fronts (docs/api.md, "Model names"):
 * vendor model ids become ccx model names before the policy and the runner see them; any other name (ccx's own
 * aliases, {@code codex/…}) passes unchanged to the runner's alias table.
 */
public final class ModelNames {

    /** One row: names matching {@code pattern} become {@code target}; {@code codex} rows only unless provider=claude. */
    record Rule(String example, Pattern pattern, Function<Matcher, String> target, boolean codex) {}

    static final List<Rule> TABLE = List.of(
            new Rule("claude-sonnet-4-5-20250929 → sonnet",
                    Pattern.compile("claude-(?:\\d+(?:[-.]\\d+)?-)?(opus|sonnet|haiku)(?:-\\d+(?:[-.]\\d+)*)?"
                            + "(?:-latest)?(\\[1m])?"),
                    m -> m.group(1) + (m.group(2) == null ? "" : m.group(2)), false),
            new Rule("gpt-5.5 → codex/gpt-5.5",
                    Pattern.compile("(?:gpt-|o\\d|codex-)[A-Za-z0-9._-]*"),
                    m -> "codex/" + m.group(), true));

    private ModelNames() {}

    /** The ccx model name for {@code model} as the caller named it ({@code provider} may be null). */
    public static String normalise(String model, String provider) {
        return find(model, provider).orElse(model);
    }

    private static Optional<String> find(String model, String provider) {
        for (Rule rule : TABLE) {
            Matcher m = rule.pattern().matcher(model);
            if (m.matches() && !(rule.codex() && "claude".equals(provider))) {
                return Optional.of(rule.target().apply(m));
            }
        }
        return Optional.empty();
    }
}
