package dev.ccx.fakemodel.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.fakemodel.http.Exchanges;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.Router;
import dev.ccx.fakemodel.script.ErrorBudget;
import dev.ccx.fakemodel.script.Pacer;
import dev.ccx.fakemodel.script.Plan;
import dev.ccx.fakemodel.script.Planner;
import dev.ccx.fakemodel.script.TurnAnswer;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The OpenAI Responses API routes: {@code POST /v1/responses} and {@code GET /v1/models}. */
public final class ResponsesApi {

    /** Model ids listed by {@code GET /v1/models}; any model name is accepted by {@code /v1/responses}. */
    static final List<String> MODELS = List.of("gpt-5.5", "gpt-5.4", "gpt-5.3-codex", "gpt-5.2", "gpt-5-mini");

    private final Planner planner;
    private final Pacer pacer;
    private final TurnAnswer.Dialect dialect;

    public ResponsesApi(ErrorBudget errors, Pacer pacer) {
        this.planner = new Planner(new ResponsesToolMapper(), errors);
        this.pacer = pacer;
        ResponsesWriter writer = new ResponsesWriter(pacer);
        this.dialect = new TurnAnswer.Dialect(writer::response, writer::stream, ResponsesWriter::error);
    }

    /** Adds this API's routes to {@code router}. */
    public void register(Router router) {
        router.add("POST", "/v1/responses", this::responses, ResponsesWriter::error)
                .add("GET", "/v1/models", this::models, ResponsesWriter::error);
    }

    private void responses(HttpExchange exchange, RecordedRequest request) throws IOException {
        JsonNode body = Json.parse(request.body());
        Plan plan = planner.plan(ResponsesRequests.conversation(body));
        String model = body.path("model").asText("gpt-fake");
        exchange.getResponseHeaders().set("x-request-id", "req_fake");
        TurnAnswer.send(exchange, request, body, plan, model, pacer, dialect);
    }

    private void models(HttpExchange exchange, RecordedRequest request) throws IOException {
        ObjectNode list = Json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        long created = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
        MODELS.forEach(id -> data.addObject().put("id", id).put("object", "model").put("created", created)
                .put("owned_by", "ccx-fake-model"));
        Exchanges.sendJson(exchange, 200, list);
    }
}
