package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The OpenAI Responses API front ({@code POST /v1/responses}). */
final class ResponsesFront implements Front {
    @Override
    public RunRequest translate(ObjectNode body) {
        return ResponsesRequests.translate(body);
    }

    @Override
    public ObjectNode answer(RunRequest request, RunResult result) {
        return new ResponseObjects(request.model()).completed(result);
    }

    @Override
    public FrontStream stream(RunRequest request, SseOut sse) {
        return new ResponsesStream(sse, new ResponseObjects(request.model()));
    }
}
