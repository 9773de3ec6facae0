package dev.ccx.orchestrator.compat;

import dev.ccx.orchestrator.login.LoginRelay;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;

/** Writes a runner's login answer as the compatibility endpoints' response. */
final class CompatReplies {
    private CompatReplies() {}

    static void write(Context ctx, LoginRelay.Reply reply) {
        ctx.status(reply.status());
        ctx.contentType("application/json");
        ctx.result(reply.body().toString().getBytes(StandardCharsets.UTF_8));
    }
}
