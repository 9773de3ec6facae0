package dev.ccx.runner.config;

import java.util.List;

/** The agent cannot start: lists every bad or missing environment variable at once. */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid runner agent configuration:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each naming its variable. */
    public List<String> problems() {
        return problems;
    }
}
