package dev.ccx.runner.cli;

import java.util.Objects;
import java.util.Optional;

/**
 * What the CLI is asked: an optional system prompt and the flattened conversation.
 *
 * @param system the system prompt, empty when none (an empty string counts as none)
 * @param text   the conversation turns joined by blank lines
 */
public record Prompt(Optional<String> system, String text) {

    public Prompt {
        Objects.requireNonNull(text, "text");
        system = system.filter(s -> !s.isEmpty());
    }

    /** This prompt with {@code instruction} placed before the system prompt, separated by a blank line. */
    public Prompt withLeadingInstruction(String instruction) {
        return new Prompt(Optional.of(system.map(s -> instruction + "\n\n" + s).orElse(instruction)), text);
    }

    /** The single text Codex gets: it has no system-prompt flag, so the system prompt is folded in. */
    public String foldedForCodex() {
        return system.map(s -> "SYSTEM INSTRUCTIONS:\n" + s + "\n\nCONVERSATION PROMPT:\n" + text).orElse(text);
    }
}
