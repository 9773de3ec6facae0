package dev.ccx.runner.cli;

import java.util.regex.Pattern;

/** Makes CLI error text safe to return: no ANSI escapes, no keys or tokens, bounded length. */
public final class Redactor {

    static final int MAX_CHARS = 2000;

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");
    private static final Pattern SECRETS = Pattern.compile(
            "(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"
            + "|sk-[A-Za-z0-9_-]{8,}"
            + "|eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"
            + "|((?:api[_-]?key|token|secret|password)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',}]{6,}");

    private Redactor() {
    }

    /** The cleaned text. */
    public static String clean(String text) {
        String s = ANSI.matcher(text).replaceAll("");
        s = SECRETS.matcher(s).replaceAll(m -> {
            String keep = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "";
            return java.util.regex.Matcher.quoteReplacement(keep + "[REDACTED]");
        });
        s = s.strip();
        return s.length() > MAX_CHARS ? s.substring(0, MAX_CHARS) + "..." : s;
    }
}
