package dev.ccx.fakemodel.script;

/** Deterministic token counts for the usage the fake reports: about four characters a token. */
public final class TokenEstimate {

    private TokenEstimate() {
    }

    /** Estimated tokens of {@code text}; at least 1. */
    public static int of(String text) {
        return Math.max(1, text.length() / 4);
    }

    /** The usage to report for {@code turn}, unless {@code @fake usage} overrides it. */
    public static Script.Usage usage(Plan plan, String requestBody) {
        return plan.usage().orElseGet(() -> new Script.Usage(of(requestBody), of(outputText(plan.turn()))));
    }

    private static String outputText(Turn turn) {
        if (turn instanceof Turn.Answer a) {
            return a.text() + a.thinking().orElse("");
        }
        if (turn instanceof Turn.ToolUse u) {
            return u.call().input() + u.thinking().orElse("");
        }
        return "";
    }
}
