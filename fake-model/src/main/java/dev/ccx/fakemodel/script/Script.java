package dev.ccx.fakemodel.script;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a conversation's {@code @fake} directives ask of the fake model: tool steps, the final
 * answer and how it is delivered.
 *
 * @param says text the model says in the turn of tool step {@code i} (by index), before the call
 */
public record Script(
        List<ToolStep> steps,
        Optional<String> reply,
        Optional<String> thinking,
        Optional<StreamPacing> pacing,
        Duration sleep,
        Optional<ErrorSpec> error,
        Optional<Usage> usage,
        Map<Integer, String> says) {

    /** The script of a prompt without directives. */
    public static final Script EMPTY = new Script(
            List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
            Duration.ZERO, Optional.empty(), Optional.empty(), Map.of());

    public Script {
        steps = List.copyOf(steps);
        says = Map.copyOf(says);
    }

    /** What the model says before it calls tool step {@code index}, if anything. */
    public Optional<String> say(int index) {
        return Optional.ofNullable(says.get(index));
    }

    /** True when the prompt held no directive at all. */
    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /** Deliver the final answer in {@code chunks} pieces, waiting {@code delay} before each one. */
    public record StreamPacing(int chunks, Duration delay) {
        public StreamPacing {
            if (chunks < 1) {
                throw new DirectiveException("@fake stream needs at least 1 chunk");
            }
            if (delay.isNegative()) {
                throw new DirectiveException("@fake stream needs a delay >= 0");
            }
        }

        /** How long the whole paced stream takes. */
        public Duration total() {
            return delay.multipliedBy(chunks);
        }
    }

    /** Fail with {@code status}; only the first {@code times} attempts when {@code times} is present. */
    public record ErrorSpec(int status, Optional<Integer> times, Optional<String> key) {
        public ErrorSpec {
            if (status < 400 || status > 599) {
                throw new DirectiveException("@fake error needs a status between 400 and 599");
            }
            if (times.isPresent() && times.get() < 1) {
                throw new DirectiveException("@fake error count must be >= 1");
            }
        }
    }

    /** Token counts to report instead of the estimated ones. */
    public record Usage(int inputTokens, int outputTokens) {
        public Usage {
            if (inputTokens < 0 || outputTokens < 0) {
                throw new DirectiveException("@fake usage needs counts >= 0");
            }
        }
    }
}
