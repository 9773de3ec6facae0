package dev.ccx.runner.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads typed values from an environment map, collecting every problem instead of stopping at the first. */
final class EnvReader {

    private final Map<String, String> env;
    private final List<String> errors = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    Optional<String> optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
    }

    /** True when the variable is set at all, even to an empty value. */
    boolean isSet(String name) {
        return env.containsKey(name);
    }

    String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    int integer(String name, int fallback, int min, int max) {
        return (int) number(name, fallback, min, max);
    }

    long number(String name, long fallback, long min, long max) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            long value = Long.parseLong(raw.get());
            if (value < min || value > max) {
                error(name + ": must be between " + min + " and " + max + ", got " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            error(name + ": not a whole number: '" + raw.get() + "'");
            return fallback;
        }
    }

    Duration seconds(String name, long fallback, long min, long max) {
        return Duration.ofSeconds(number(name, fallback, min, max));
    }

    Duration millis(String name, long fallback, long min, long max) {
        return Duration.ofMillis(number(name, fallback, min, max));
    }

    boolean bool(String name, boolean fallback) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        switch (raw.get().toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "yes", "on":
                return true;
            case "0", "false", "no", "off":
                return false;
            default:
                error(name + ": expected true or false, got '" + raw.get() + "'");
                return fallback;
        }
    }

    /** A comma-separated list; an empty (but set) variable is an empty list, an unset one the fallback. */
    List<String> csv(String name, List<String> fallback) {
        String raw = env.get(name);
        if (raw == null) {
            return fallback;
        }
        return Arrays.stream(raw.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    Path absolutePath(String name, String fallback) {
        String raw = string(name, fallback);
        if (raw.indexOf('\0') >= 0 || !raw.startsWith("/")) {
            error(name + ": must be an absolute path, got '" + raw + "'");
            return Path.of(fallback);
        }
        return Path.of(raw).normalize();
    }

    void error(String message) {
        errors.add(message);
    }

    List<String> errors() {
        return List.copyOf(errors);
    }
}
