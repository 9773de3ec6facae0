package dev.ccx.orchestrator.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses operator-friendly durations such as {@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, or ISO-8601 {@code PT15M}. */
public final class Durations {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Durations() {}

    public static Duration parse(String raw) {
        String value = raw.trim();
        Matcher m = SIMPLE.matcher(value);
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (value.startsWith("P") || value.startsWith("p")) {
            Duration parsed = Duration.parse(value);
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("must not be negative: " + abbreviate(value));
            }
            return parsed;
        }
        throw new IllegalArgumentException("not a duration (use e.g. 500ms, 30s, 15m, 2h): " + abbreviate(value));
    }

    public static String format(Duration d) {
        if (d.toMillis() % 1000 != 0) {
            return d.toMillis() + "ms";
        }
        long s = d.getSeconds();
        if (s % 3600 == 0 && s > 0) {
            return (s / 3600) + "h";
        }
        if (s % 60 == 0 && s > 0) {
            return (s / 60) + "m";
        }
        return s + "s";
    }

    static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
