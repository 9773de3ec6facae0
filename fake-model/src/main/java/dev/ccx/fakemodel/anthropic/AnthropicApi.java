package dev.ccx.fakemodel.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.fakemodel.http.Exchanges;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.Router;
import dev.ccx.fakemodel.script.ErrorBudget;
import dev.ccx.fakemodel.script.Pacer;
import dev.ccx.fakemodel.script.Plan;
import dev.ccx.fakemodel.script.Planner;
import dev.ccx.fakemodel.script.TokenEstimate;
import dev.ccx.fakemodel.script.TurnAnswer;
import java.io.IOException;

/** The Anthropic Messages API routes: {@code POST /v1/messages} and {@code /v1/messages/count_tokens}. */
public final class AnthropicApi {

    private final Planner planner;
    private final Pacer pacer;
    private final TurnAnswer.Dialect dialect;

    public AnthropicApi(ErrorBudget errors, Pacer pacer) {
        this.planner = new Planner(new AnthropicToolMapper(), errors);
        this.pacer = pacer;
        AnthropicWriter writer = new AnthropicWriter(pacer);
        this.dialect = new TurnAnswer.Dialect(writer::message, writer::stream, AnthropicWriter::error);
    }

    /** Adds this API's routes to {@code router}. */
    public void register(Router router) {
        router.add("POST", "/v1/messages", this::messages, AnthropicWriter::error)
                .add("POST", "/v1/messages/count_tokens", this::countTokens, AnthropicWriter::error);
    }

    private void messages(HttpExchange exchange, RecordedRequest request) throws IOException {
        JsonNode body = Json.parse(request.body());
        Plan plan = planner.plan(AnthropicRequests.conversation(body));
        String model = body.path("model").asText("claude-fake");
        exchange.getResponseHeaders().set("request-id", "req_fake");
        TurnAnswer.send(exchange, request, body, plan, model, pacer, dialect);
    }

    private void countTokens(HttpExchange exchange, RecordedRequest request) throws IOException {
        Json.parse(request.body());
        Exchanges.sendJson(exchange, 200, Json.object().put("input_tokens", TokenEstimate.of(request.body())));
    }
}
