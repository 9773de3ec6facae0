package dev.ccx.fakemodel.script;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the {@code @fake ...} lines of a prompt into a {@link Script}; see the module README. */
public final class DirectiveParser {

    private static final Pattern LINE = Pattern.compile("^[ \\t]*@fake[ \\t]+(\\S+)[ \\t]*(.*?)[ \\t]*$");

    private DirectiveParser() {
    }

    /** True when {@code text} holds at least one directive line. */
    public static boolean hasDirectives(String text) {
        return text.lines().anyMatch(line -> LINE.matcher(line).matches());
    }

    /** Parses every directive line of {@code text}; other lines are ignored. */
    public static Script parse(String text) {
        Builder b = new Builder();
        text.lines().forEach(line -> {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                b.accept(m.group(1), m.group(2));
            }
        });
        return b.build();
    }

    /** Replaces the escapes {@code \n}, {@code \t} and {@code \\} in reply and file text. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                switch (n) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case '\\' -> out.append('\\');
                    default -> out.append(c).append(n);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final class Builder {
        private final List<ToolStep> steps = new ArrayList<>();
        private final List<String> replies = new ArrayList<>();
        private final Map<Integer, String> says = new HashMap<>();
        private String pendingSay;
        private String thinking;
        private Script.StreamPacing pacing;
        private Duration sleep = Duration.ZERO;
        private Script.ErrorSpec error;
        private Script.Usage usage;

        void accept(String verb, String rest) {
            switch (verb) {
                case "bash" -> step(new ToolStep.Bash(rest));
                case "write" -> step(write(rest));
                case "tool" -> step(call(rest));
                case "say" -> say(rest);
                case "reply" -> replies.add(unescape(rest));
                case "think" -> thinking = unescape(rest);
                case "stream" -> pacing = pacing(args(verb, rest, 2, 2));
                case "sleep" -> sleep = Duration.ofMillis(number(verb, args(verb, rest, 1, 1)[0]));
                case "error" -> error = error(args(verb, rest, 1, 3));
                case "usage" -> usage = usage(args(verb, rest, 2, 2));
                default -> throw new DirectiveException("unknown directive @fake " + verb);
            }
        }

        /** A tool step; a pending {@code say} becomes its text. */
        private void step(ToolStep step) {
            if (pendingSay != null) {
                says.put(steps.size(), pendingSay);
                pendingSay = null;
            }
            steps.add(step);
        }

        private void say(String rest) {
            if (rest.isEmpty()) {
                throw new DirectiveException("@fake say needs a text");
            }
            pendingSay = pendingSay == null ? unescape(rest) : pendingSay + "\n" + unescape(rest);
        }

        Script build() {
            if (pendingSay != null) {
                throw new DirectiveException("@fake say must come before a tool step (bash, write or tool)");
            }
            return new Script(steps,
                    replies.isEmpty() ? Optional.empty() : Optional.of(String.join("\n", replies)),
                    Optional.ofNullable(thinking), Optional.ofNullable(pacing), sleep,
                    Optional.ofNullable(error), Optional.ofNullable(usage), says);
        }

        private static ToolStep write(String rest) {
            String[] parts = rest.split("[ \\t]+", 2);
            if (parts[0].isEmpty()) {
                throw new DirectiveException("@fake write needs a path");
            }
            return new ToolStep.Write(parts[0], parts.length > 1 ? unescape(parts[1]) : "");
        }

        private static ToolStep call(String rest) {
            String[] parts = rest.split("[ \\t]+", 2);
            if (parts[0].isEmpty()) {
                throw new DirectiveException("@fake tool needs a tool name");
            }
            return new ToolStep.Call(parts[0], parts.length > 1 ? parts[1] : "{}");
        }

        private static Script.StreamPacing pacing(String[] a) {
            return new Script.StreamPacing((int) number("stream", a[0]), Duration.ofMillis(number("stream", a[1])));
        }

        private static Script.ErrorSpec error(String[] a) {
            int status = (int) number("error", a[0]);
            Optional<Integer> times = a.length > 1 ? Optional.of((int) number("error", a[1])) : Optional.empty();
            Optional<String> key = a.length > 2 ? Optional.of(a[2]) : Optional.empty();
            return new Script.ErrorSpec(status, times, key);
        }

        private static Script.Usage usage(String[] a) {
            return new Script.Usage((int) number("usage", a[0]), (int) number("usage", a[1]));
        }

        private static String[] args(String verb, String rest, int min, int max) {
            String[] a = rest.isEmpty() ? new String[0] : rest.split("[ \\t]+");
            if (a.length < min || a.length > max) {
                throw new DirectiveException("@fake " + verb + " takes " + min
                        + (max > min ? " to " + max : "") + " arguments, got: '" + rest + "'");
            }
            return a;
        }

        private static long number(String verb, String s) {
            try {
                long v = Long.parseLong(s);
                if (v < 0) {
                    throw new DirectiveException("@fake " + verb + ": negative number " + s);
                }
                return v;
            } catch (NumberFormatException e) {
                throw new DirectiveException("@fake " + verb + ": not a number: " + s);
            }
        }
    }
}
