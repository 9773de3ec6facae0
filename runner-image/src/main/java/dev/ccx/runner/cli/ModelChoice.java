package dev.ccx.runner.cli;

import java.util.Optional;

/**
 * The outcome of provider and model resolution.
 *
 * @param provider  which CLI runs
 * @param requested the model name as the caller sent it (echoed in responses)
 * @param cliModel  Claude: the {@code --model} value, "" for none; Codex: the model slug
 */
public record ModelChoice(Provider provider, String requested, String cliModel) {

    private static final String ONE_MILLION = "[1m]";

    /** For a 1M-context Claude model, the 200K model to fall back to after the retry. */
    public Optional<String> fallbackModel() {
        return fallbackFor(provider, cliModel);
    }

    /** The 200K model behind a {@code [1m]} Claude model name, empty for anything else. */
    public static Optional<String> fallbackFor(Provider provider, String cliModel) {
        if (provider == Provider.CLAUDE && cliModel.endsWith(ONE_MILLION) && cliModel.length() > ONE_MILLION.length()) {
            return Optional.of(cliModel.substring(0, cliModel.length() - ONE_MILLION.length()));
        }
        return Optional.empty();
    }
}
