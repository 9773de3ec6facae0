package dev.ccx.orchestrator.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** Reads typed settings from an environment map and collects every problem, so all are reported at once. */
public final class EnvReader {
    private final Map<String, String> env;
    private final List<String> errors = new ArrayList<>();

    public EnvReader(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    public void error(String message) {
        errors.add(message);
    }

    public Optional<String> optional(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(value.trim());
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        return parse(name, fallback, raw -> {
            int value = Integer.parseInt(raw);
            if (value < min || value > max) {
                throw new IllegalArgumentException("must be between " + min + " and " + max);
            }
            return value;
        });
    }

    public boolean bool(String name, boolean fallback) {
        return parse(name, fallback, raw -> switch (raw.toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    public Duration duration(String name, Duration fallback) {
        return parse(name, fallback, Durations::parse);
    }

    /** A duration that must be longer than zero (timeouts, intervals, lifetimes). */
    public Duration positiveDuration(String name, Duration fallback) {
        return parse(name, fallback, raw -> {
            Duration value = Durations.parse(raw);
            if (value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException("must be longer than zero");
            }
            return value;
        });
    }

    public Path path(String name, Path fallback) {
        return parse(name, fallback, Path::of);
    }

    public URI uri(String name, URI fallback) {
        return parse(name, fallback, URI::create);
    }

    /** A comma-separated list; blanks are dropped. */
    public List<String> list(String name) {
        return optional(name)
                .map(raw -> Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    /** Every non-blank variable named {@code prefix + NAME}, keyed by NAME, sorted. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith(prefix) && key.length() > prefix.length() && value != null && !value.isBlank()) {
                out.put(key.substring(prefix.length()), value);
            }
        });
        return out;
    }

    private <T> T parse(String name, T fallback, Function<String, T> parser) {
        Optional<String> raw = optional(name);
        if (raw.isEmpty()) {
            return fallback;
        }
        try {
            return parser.apply(raw.get());
        } catch (RuntimeException e) {
            errors.add(name + ": " + describe(e));
            return fallback;
        }
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        return message == null ? "invalid value" : message;
    }
}
