package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.policy.ChatPolicy;
import dev.ccx.orchestrator.policy.Policy;
import dev.ccx.orchestrator.proxy.RunnerCall;
import io.javalin.http.Context;
import java.time.Duration;

/** The OpenAI-compatible user API: each call is authenticated, checked against policy and sent to the user's runner. */
final class UserApi {
    private static final Duration RUNNER_GRACE = Duration.ofSeconds(30);
    private final Services services;
    private final Callers callers;

    UserApi(Services services, Callers callers) {
        this.services = services;
        this.callers = callers;
    }

    void chatCompletions(Context ctx) {
        UserId user = callers.user(ctx);
        services.drain().refuseIfDraining();
        Policy policy = services.policies().forUser(user);
        byte[] body = Bodies.read(ctx, policy.maxBodyBytes());
        ObjectNode json = Bodies.parseObject(body);
        ChatPolicy.check(json, policy);
        Duration deadline = policy.maxTimeout().plus(RUNNER_GRACE);
        services.forwarder().forward(ctx, user,
                RunnerCall.run("/v1/chat/completions", body, deadline, RequestIds.current(ctx)));
    }

    void models(Context ctx) {
        UserId user = callers.user(ctx);
        services.drain().refuseIfDraining();
        services.forwarder().forward(ctx, user, RunnerCall.get("/v1/models", Duration.ofSeconds(30)));
    }

    void authStatus(Context ctx) {
        UserId user = callers.user(ctx);
        services.drain().refuseIfDraining();
        services.forwarder().forward(ctx, user, RunnerCall.get("/v1/auth/status", Duration.ofSeconds(30)));
    }
}
