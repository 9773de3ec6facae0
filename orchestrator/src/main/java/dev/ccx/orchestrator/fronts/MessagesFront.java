package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Anthropic Messages API front ({@code POST /v1/messages}). */
final class MessagesFront implements Front {
    @Override
    public RunRequest translate(ObjectNode body) {
        return MessagesRequests.translate(body);
    }

    @Override
    public ObjectNode answer(RunRequest request, RunResult result) {
        return new MessageObjects(request.model()).message(result);
    }

    @Override
    public FrontStream stream(RunRequest request, SseOut sse) {
        return new MessagesStream(sse, new MessageObjects(request.model()));
    }
}
