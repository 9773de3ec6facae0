package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One API front: a translation of its requests into a run and of the run back into its answers, nothing more. */
sealed interface Front permits ResponsesFront, MessagesFront {

    RunRequest translate(ObjectNode body);

    /** The non-streaming answer. */
    ObjectNode answer(RunRequest request, RunResult result);

    /** The streaming answer, written to {@code sse}. */
    FrontStream stream(RunRequest request, SseOut sse);
}
