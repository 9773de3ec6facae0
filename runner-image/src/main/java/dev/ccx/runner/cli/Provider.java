package dev.ccx.runner.cli;

import java.util.Locale;
import java.util.Optional;

/** The two coding-agent CLIs a runner can drive. */
public enum Provider {
    CLAUDE,
    CODEX;

    /** The wire name: {@code claude} or {@code codex}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The provider with this wire name, if any. */
    public static Optional<Provider> fromWireName(String name) {
        for (Provider p : values()) {
            if (p.wireName().equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
