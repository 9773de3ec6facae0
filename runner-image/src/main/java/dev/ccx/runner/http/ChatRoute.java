package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.chat.ChatRequestParser;
import dev.ccx.runner.chat.ChatResult;
import dev.ccx.runner.chat.ChatService;
import dev.ccx.runner.chat.RunPlanner;
import dev.ccx.runner.cli.Cancellation;
import dev.ccx.runner.cli.RunListener;
import dev.ccx.runner.cli.RunPlan;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.login.LoginGate;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** {@code POST /v1/chat/completions}: validate, plan, run the CLI, answer as JSON or as SSE chunks. */
final class ChatRoute implements Route {

    private static final Logger LOG = LoggerFactory.getLogger(ChatRoute.class);

    private final ChatRequestParser parser;
    private final RunPlanner planner;
    private final ChatService service;
    private final RunRegistry runs;
    private final long maxBodyBytes;
    private final Duration keepAlive;
    private final LoginGate logins;

    ChatRoute(ChatRequestParser parser, RunPlanner planner, ChatService service, RunRegistry runs,
            long maxBodyBytes, Duration keepAlive, LoginGate logins) {
        this.parser = parser;
        this.planner = planner;
        this.service = service;
        this.runs = runs;
        this.maxBodyBytes = maxBodyBytes;
        this.keepAlive = keepAlive;
        this.logins = logins;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        JsonNode body = RequestBodies.json(ex, maxBodyBytes);
        RunPlan plan = planner.plan(parser.parse(body));
        logins.check(plan.model().provider());
        Cancellation cancel = new Cancellation();
        String runId = runs.register(Optional.ofNullable(ex.getRequestHeaders().getFirst(RunRegistry.HEADER)), cancel);
        MDC.put("run", runId);
        try (ChatService.Permit permit = service.reserve()) {
            ex.getResponseHeaders().set(RunRegistry.HEADER, runId);
            LOG.info("run {}: provider={} model={} mode={} stream={} timeout={}s", runId,
                    plan.model().provider().wireName(), plan.model().requested(), plan.mode(), plan.stream(),
                    plan.timeout().toSeconds());
            CompletionJson json = new CompletionJson(plan.model().requested());
            if (plan.stream()) {
                stream(ex, plan, runId, cancel, json);
            } else {
                ChatResult result = service.run(plan, runId, RunListener.NONE, cancel);
                Responses.json(ex, 200, json.completion(result));
            }
        } finally {
            runs.remove(runId);
        }
    }

    private void stream(HttpExchange ex, RunPlan plan, String runId, Cancellation cancel, CompletionJson json) {
        try (SseStream sse = SseStream.open(ex, cancel, keepAlive)) {
            sse.data(Json.compact(json.roleChunk()));
            try {
                ChatResult result = service.run(plan, runId,
                        delta -> sse.data(Json.compact(json.textChunk(delta))), cancel);
                sse.data(Json.compact(json.finishChunk(result)));
                if (plan.includeUsage()) {
                    sse.data(Json.compact(json.usageChunk(result.usage())));
                }
            } catch (AgentException e) {
                LOG.info("run {} ended in error after streaming started: {}", runId, e.reason().code());
                sse.data(Json.compact(Responses.errorBody(e)));
            } catch (RuntimeException e) {
                LOG.error("run {} failed while streaming", runId, e);
                sse.data(Json.compact(Responses.errorBody(new AgentException(Reason.INTERNAL, "internal error"))));
            }
            sse.data("[DONE]");
        } catch (IOException e) {
            LOG.info("run {}: cannot stream: {}", runId, e.toString());
            cancel.cancel();
        }
    }
}
