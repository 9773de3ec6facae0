package dev.ccx.runner.cli;

/**
 * Token counts a CLI reported, in OpenAI terms.
 *
 * @param prompt     input tokens, cached ones included
 * @param completion output tokens, reasoning included
 * @param cached     input tokens served from a prompt cache
 * @param reasoning  output tokens spent on reasoning
 */
public record TokenUsage(long prompt, long completion, long cached, long reasoning) {

    public static final TokenUsage ZERO = new TokenUsage(0, 0, 0, 0);

    public long total() {
        return prompt + completion;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(prompt + other.prompt, completion + other.completion, cached + other.cached,
                reasoning + other.reasoning);
    }
}
