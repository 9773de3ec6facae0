package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.login.LoginCli;
import dev.ccx.orchestrator.login.LoginRelay;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/**
 * The per-user login API, {@code /v1/auth/{claude|codex}/{start,complete,credentials,status,logout}}: the caller
 * names the user as for every user call, the user's own runner does the login.
 */
final class LoginApi {
    private static final long MAX_BODY = 1 << 20;
    private final Services services;
    private final Callers callers;
    private final LoginRelay relay;

    LoginApi(Services services, Callers callers, LoginRelay relay) {
        this.services = services;
        this.callers = callers;
        this.relay = relay;
    }

    void register(RoutesConfig routes) {
        routes.post("/v1/auth/{cli}/start", ctx -> reply(ctx, relay.start(user(ctx), cli(ctx), requestId(ctx))));
        routes.post("/v1/auth/{cli}/complete", this::complete);
        routes.post("/v1/auth/{cli}/credentials", ctx -> {
            UserId user = user(ctx);
            reply(ctx, relay.credentials(user, cli(ctx), Bodies.read(ctx, MAX_BODY), requestId(ctx)));
        });
        routes.get("/v1/auth/{cli}/status", ctx -> reply(ctx, relay.status(user(ctx), cli(ctx))));
        routes.post("/v1/auth/{cli}/logout", ctx -> reply(ctx, relay.logout(user(ctx), cli(ctx), requestId(ctx))));
    }

    private void complete(Context ctx) {
        UserId user = user(ctx);
        byte[] raw = Bodies.read(ctx, MAX_BODY);
        ObjectNode body = Bodies.parseObject(raw);
        reply(ctx, relay.complete(user, cli(ctx), raw, body, requestId(ctx), "login session belongs to another user"));
    }

    private UserId user(Context ctx) {
        cli(ctx);
        UserId user = callers.user(ctx);
        services.drain().refuseIfDraining();
        return user;
    }

    private static LoginCli cli(Context ctx) {
        return LoginCli.fromSegment(ctx.pathParam("cli")).orElseThrow(() ->
                ApiException.notFound("not_found", "no such endpoint: " + ctx.method() + " " + ctx.path()));
    }

    private static String requestId(Context ctx) {
        return RequestIds.current(ctx);
    }

    private static void reply(Context ctx, LoginRelay.Reply reply) {
        ctx.status(reply.status());
        ctx.contentType("application/json");
        ctx.result(reply.body().toString().getBytes(StandardCharsets.UTF_8));
    }
}
