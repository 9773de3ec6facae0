package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import java.util.Optional;

/** Accumulates a run's events into a {@link RunResult}, refusing an answer larger than the orchestrator will hold. */
final class RunCollector {
    static final int MAX_TEXT_CHARS = 64 << 20;
    private final StringBuilder text = new StringBuilder();
    private Optional<RunEvent.Usage> usage = Optional.empty();
    private Optional<String> finishReason = Optional.empty();
    private ObjectNode extras = JsonNodeFactory.instance.objectNode();

    void accept(RunEvent event) {
        if (event instanceof RunEvent.Text t) {
            if (text.length() + t.delta().length() > MAX_TEXT_CHARS) {
                throw ApiException.badGateway("answer_too_large", "the run's answer is larger than the orchestrator "
                        + "holds for a non-streaming response; use stream: true", null);
            }
            text.append(t.delta());
        } else if (event instanceof RunEvent.Usage u) {
            usage = Optional.of(u);
        } else if (event instanceof RunEvent.Finished f) {
            finishReason = Optional.of(f.reason());
            extras = f.extras();
        }
    }

    RunResult result() {
        return new RunResult(text.toString(), usage, finishReason, extras);
    }
}
