package dev.ccx.orchestrator.compat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.Bodies;
import dev.ccx.orchestrator.http.Drain;
import dev.ccx.orchestrator.http.RequestIds;
import dev.ccx.orchestrator.login.LoginCli;
import dev.ccx.orchestrator.login.LoginRelay;
import dev.ccx.orchestrator.slot.PurgeResult;
import dev.ccx.orchestrator.slot.SlotService;
import dev.ccx.orchestrator.slot.VolumeKind;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cc-executor-docker's Claude admin endpoints ({@code /admin/status}, {@code /admin/oauth/*},
 * {@code /admin/credentials}, {@code /admin/logout}, {@code DELETE /admin/config-dir}) on top of the per-user
 * logins: the config directory picks the user, the user's own runner does the work.
 */
final class CompatClaudeApi {
    static final long MAX_BODY = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(CompatClaudeApi.class);
    private final UserSelection users;
    private final LoginRelay relay;
    private final SlotService slots;
    private final Drain drain;

    CompatClaudeApi(UserSelection users, LoginRelay relay, SlotService slots, Drain drain) {
        this.users = users;
        this.relay = relay;
        this.slots = slots;
        this.drain = drain;
    }

    void status(Context ctx) {
        UserId user = headerUser(ctx);
        CompatReplies.write(ctx, relay.status(user, LoginCli.CLAUDE));
    }

    void oauthStart(Context ctx) {
        UserId user = headerUser(ctx);
        CompatReplies.write(ctx, relay.start(user, LoginCli.CLAUDE, RequestIds.current(ctx)));
    }

    void oauthComplete(Context ctx) {
        byte[] raw = Bodies.read(ctx, MAX_BODY);
        ObjectNode body = Bodies.parseObject(raw);
        UserId user = users.resolve(ctx, ConfigDirs.CLAUDE, Optional.of(body));
        drain.refuseIfDraining();
        CompatReplies.write(ctx, relay.complete(user, LoginCli.CLAUDE, raw, body, RequestIds.current(ctx),
                "login session belongs to another user"));
    }

    void credentials(Context ctx) {
        byte[] raw = Bodies.read(ctx, MAX_BODY);
        ObjectNode body = Bodies.parseObject(raw);
        UserId user = users.resolve(ctx, ConfigDirs.CLAUDE, Optional.of(body));
        drain.refuseIfDraining();
        CompatReplies.write(ctx, relay.credentials(user, LoginCli.CLAUDE, raw, RequestIds.current(ctx)));
    }

    void logout(Context ctx) {
        UserId user = headerUser(ctx);
        CompatReplies.write(ctx, relay.logout(user, LoginCli.CLAUDE, RequestIds.current(ctx)));
    }

    /** Removes only the user's Claude home volume (the runner restarts on next use); idempotent. */
    void purge(Context ctx) {
        UserId user = users.forDelete(ctx, ConfigDirs.CLAUDE);
        ctx.json(purged(slots, relay, user, LoginCli.CLAUDE));
    }

    static ObjectNode purged(SlotService slots, LoginRelay relay, UserId user, LoginCli cli) {
        VolumeKind kind = cli == LoginCli.CLAUDE ? VolumeKind.CLAUDE : VolumeKind.CODEX;
        PurgeResult result = slots.purge(user, EnumSet.of(kind));
        relay.purged(user, cli);
        LOG.info("purged the {} home of {} (existed: {})", cli.segment(), user, !result.volumesRemoved().isEmpty());
        return Bodies.mapper().createObjectNode().put("ok", true).put("existed", !result.volumesRemoved().isEmpty());
    }

    private UserId headerUser(Context ctx) {
        UserId user = users.resolve(ctx, ConfigDirs.CLAUDE, Optional.empty());
        drain.refuseIfDraining();
        return user;
    }
}
