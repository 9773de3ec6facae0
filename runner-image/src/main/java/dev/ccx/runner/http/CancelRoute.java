package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.error.AgentException;
import java.io.IOException;

/**
 * {@code POST /v1/runs/cancel} with {@code {"run_id": "..."}}: stops a run and its process tree. The orchestrator
 * calls it when its client disconnects during a non-streaming request, which the JDK server cannot observe.
 */
final class CancelRoute implements Route {

    private final RunRegistry runs;

    CancelRoute(RunRegistry runs) {
        this.runs = runs;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        JsonNode body = RequestBodies.json(ex, 4096);
        JsonNode id = body.get("run_id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw AgentException.invalid("run_id is required");
        }
        ObjectNode out = Json.object();
        out.put("run_id", id.asText());
        out.put("cancelled", runs.cancel(id.asText()));
        Responses.json(ex, 200, out);
    }
}
