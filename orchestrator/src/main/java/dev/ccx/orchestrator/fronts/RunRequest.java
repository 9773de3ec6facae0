package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A front's request after translation: the chat-completions body the runner runs (the internal run model), whether
 * the caller wants a stream, and the model name to echo as the caller gave it.
 */
record RunRequest(ObjectNode chatBody, boolean stream, String model) {

    /** The model to echo: the caller's, else the default the run uses. */
    static String echoedModel(String requested, String provider) {
        if (requested != null) {
            return requested;
        }
        return "codex".equals(provider) ? "codex/default" : "sonnet";
    }
}
