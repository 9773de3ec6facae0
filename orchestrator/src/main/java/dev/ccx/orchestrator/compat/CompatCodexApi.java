package dev.ccx.orchestrator.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.Bodies;
import dev.ccx.orchestrator.http.Drain;
import dev.ccx.orchestrator.http.RequestIds;
import dev.ccx.orchestrator.login.LoginCli;
import dev.ccx.orchestrator.login.LoginRelay;
import dev.ccx.orchestrator.slot.SlotService;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * cc-executor-docker's Codex admin endpoints ({@code /admin/codex/status}, {@code /admin/codex/login/*},
 * {@code /admin/codex/credentials}, {@code /admin/codex/logout}, {@code DELETE /admin/codex/config-dir}) on top
 * of the per-user logins.
 */
final class CompatCodexApi {
    private final UserSelection users;
    private final LoginRelay relay;
    private final SlotService slots;
    private final Drain drain;

    CompatCodexApi(UserSelection users, LoginRelay relay, SlotService slots, Drain drain) {
        this.users = users;
        this.relay = relay;
        this.slots = slots;
        this.drain = drain;
    }

    /** The runner's status plus {@code codexHome}, the directory the client knows this user by. */
    void status(Context ctx) {
        UserId user = headerUser(ctx);
        LoginRelay.Reply reply = relay.status(user, LoginCli.CODEX);
        if (reply.status() == 200) {
            reply.body().put("codexHome", users.dirOf(ctx, ConfigDirs.CODEX, user));
        }
        CompatReplies.write(ctx, reply);
    }

    void loginStart(Context ctx) {
        UserId user = headerUser(ctx);
        CompatReplies.write(ctx, relay.start(user, LoginCli.CODEX, RequestIds.current(ctx)));
    }

    void loginComplete(Context ctx) {
        byte[] raw = Bodies.read(ctx, CompatClaudeApi.MAX_BODY);
        ObjectNode body = Bodies.parseObject(raw);
        UserId user = users.resolve(ctx, ConfigDirs.CODEX, Optional.of(body));
        drain.refuseIfDraining();
        CompatReplies.write(ctx, relay.complete(user, LoginCli.CODEX, raw, body, RequestIds.current(ctx),
                "CODEX_HOME mismatch for login session"));
    }

    void credentials(Context ctx) {
        byte[] raw = Bodies.read(ctx, CompatClaudeApi.MAX_BODY);
        ObjectNode body = Bodies.parseObject(raw);
        UserId user = users.resolve(ctx, ConfigDirs.CODEX, Optional.of(body));
        drain.refuseIfDraining();
        CompatReplies.write(ctx, relay.credentials(user, LoginCli.CODEX, raw, RequestIds.current(ctx)));
    }

    void logout(Context ctx) {
        UserId user = headerUser(ctx);
        CompatReplies.write(ctx, relay.logout(user, LoginCli.CODEX, RequestIds.current(ctx)));
    }

    /** Removes only the user's Codex home volume; idempotent. */
    void purge(Context ctx) {
        UserId user = users.forDelete(ctx, ConfigDirs.CODEX);
        ctx.json(CompatClaudeApi.purged(slots, relay, user, LoginCli.CODEX));
    }

    private UserId headerUser(Context ctx) {
        UserId user = users.resolve(ctx, ConfigDirs.CODEX, Optional.empty());
        drain.refuseIfDraining();
        return user;
    }
}
