package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.compat.UserSelection;
import dev.ccx.orchestrator.fronts.ChatMessages;
import dev.ccx.orchestrator.policy.ChatPolicy;
import dev.ccx.orchestrator.policy.Policy;
import dev.ccx.orchestrator.policy.PolicySet;
import dev.ccx.orchestrator.proxy.RunnerCall;
import io.javalin.http.Context;
import java.time.Duration;

/** The OpenAI-compatible user API: each call is authenticated, checked against policy and sent to the user's runner. */
final class UserApi {
    private final Services services;
    private final Callers callers;
    private final UserSelection users;

    UserApi(Services services, Callers callers, UserSelection users) {
        this.services = services;
        this.callers = callers;
        this.users = users;
    }

    /**
     * The user is named by {@code X-CCX-User} or a user token, or, as cc-executor-docker clients do, by a config
     * directory header or body field; so the body is read (up to the largest policy limit) before the user is known.
     */
    void chatCompletions(Context ctx) {
        callers.admitUserCaller(ctx);
        byte[] body = Bodies.read(ctx, largestBodyLimit());
        ObjectNode json = Bodies.parseObject(body);
        UserId user = users.forChat(ctx, json);
        services.drain().refuseIfDraining();
        Policy policy = services.policies().forUser(user);
        if (body.length > policy.maxBodyBytes()) {
            throw new ApiException(413, "invalid_request_error", "body_too_large",
                    "the request body exceeds the limit of " + policy.maxBodyBytes() + " bytes");
        }
        ChatPolicy.check(json, policy);
        ChatMessages.check(json.get("messages"));
        services.forwarder().forward(ctx, user, RunnerCall.chat(body, policy.maxTimeout(), RequestIds.current(ctx)));
    }

    void models(Context ctx) {
        UserId user = users.forModels(ctx);
        services.drain().refuseIfDraining();
        services.forwarder().forward(ctx, user, RunnerCall.get("/v1/models", Duration.ofSeconds(30)));
    }

    private long largestBodyLimit() {
        long max = services.policies().defaults().maxBodyBytes();
        for (PolicySet.Override o : services.policies().overrides()) {
            max = Math.max(max, o.policy().maxBodyBytes());
        }
        return max;
    }

    void authStatus(Context ctx) {
        UserId user = callers.user(ctx);
        services.drain().refuseIfDraining();
        services.forwarder().forward(ctx, user, RunnerCall.get("/v1/auth/status", Duration.ofSeconds(30)));
    }
}
