package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;

/**
 * One step of a run as the runner's {@code chat.completion.chunk} stream reports it: the run model every front
 * translates back into its own format.
 */
public sealed interface RunEvent {

    /** Answer text, in the order the CLI produced it. */
    record Text(String delta) implements RunEvent {}

    /** The answer is complete; {@code extras} holds ccx's {@code files} and {@code fallback} when the runner sent them. */
    record Finished(String reason, ObjectNode extras) implements RunEvent {}

    /** Token usage as the CLI reported it (input includes cached tokens, output includes reasoning tokens). */
    record Usage(long input, long output, long cached, long reasoning) implements RunEvent {
        public long total() {
            return input + output;
        }
    }

    /** The run failed after its stream started (CLI failure, timeout, a broken runner). */
    record Failed(ApiException error) implements RunEvent {}

    /** The runner is still working: its keep-alive comment, passed on so a gone client is noticed. */
    record KeepAlive() implements RunEvent {}
}
