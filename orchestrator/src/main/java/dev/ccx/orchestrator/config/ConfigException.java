package dev.ccx.orchestrator.config;

import java.util.List;

/** Thrown at start when settings are invalid; lists every problem so an operator can fix them in one pass. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
