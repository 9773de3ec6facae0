package dev.ccx.orchestrator.http;

/** The error shapes the public API speaks: OpenAI's everywhere except the Anthropic Messages front. */
public enum ErrorDialect {
    /** {@code {"error":{"message","type","code","param"}}}. */
    OPENAI,
    /** {@code {"type":"error","error":{"type","message"}}}, which Anthropic's SDKs parse. */
    ANTHROPIC;

    /** The dialect of the endpoint at {@code path}: clients of {@code /v1/messages…} expect Anthropic's. */
    public static ErrorDialect forPath(String path) {
        return path.equals("/v1/messages") || path.startsWith("/v1/messages/") ? ANTHROPIC : OPENAI;
    }
}
