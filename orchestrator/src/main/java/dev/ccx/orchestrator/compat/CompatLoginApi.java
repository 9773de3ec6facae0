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
 * cc-executor-docker's login endpoints for one CLI (Claude: {@code /admin/status}, {@code /admin/oauth/*},
 * {@code /admin/credentials}, {@code /admin/logout}, {@code DELETE /admin/config-dir}; Codex: the same under
 * {@code /admin/codex/}) on top of the per-user logins: the config directory picks the user, the user's own runner
 * does the work.
 *
 * @param mismatch what the predecessor answered when a login session is completed for another config directory
 */
record CompatLoginApi(LoginCli cli, ConfigDirs dir, String mismatch, UserSelection users, LoginRelay relay,
                      SlotService slots, Drain drain) {
    static final long MAX_BODY = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(CompatLoginApi.class);

    /** The runner's status; for Codex plus {@code codexHome}, the directory the client knows this user by. */
    void status(Context ctx) {
        UserId user = headerUser(ctx);
        LoginRelay.Reply reply = relay.status(user, cli);
        if (dir == ConfigDirs.CODEX && reply.status() == 200) {
            reply.body().put("codexHome", users.dirOf(ctx, dir, user));
        }
        CompatReplies.write(ctx, reply);
    }

    void start(Context ctx) {
        UserId user = headerUser(ctx);
        CompatReplies.write(ctx, relay.start(user, cli, RequestIds.current(ctx)));
    }

    void complete(Context ctx) {
        users.admit(ctx);
        byte[] raw = Bodies.read(ctx, MAX_BODY);
        ObjectNode body = Bodies.parseObject(raw);
        UserId user = bodyUser(ctx, body);
        CompatReplies.write(ctx, relay.complete(user, cli, raw, body, RequestIds.current(ctx), mismatch));
    }

    void credentials(Context ctx) {
        users.admit(ctx);
        byte[] raw = Bodies.read(ctx, MAX_BODY);
        UserId user = bodyUser(ctx, Bodies.parseObject(raw));
        CompatReplies.write(ctx, relay.credentials(user, cli, raw, RequestIds.current(ctx)));
    }

    void logout(Context ctx) {
        UserId user = headerUser(ctx);
        CompatReplies.write(ctx, relay.logout(user, cli, RequestIds.current(ctx)));
    }

    /** Removes only this CLI's home volume of the user (the runner restarts on next use); idempotent. */
    void purge(Context ctx) {
        UserId user = users.forDelete(ctx, dir);
        VolumeKind home = cli == LoginCli.CLAUDE ? VolumeKind.CLAUDE : VolumeKind.CODEX;
        PurgeResult result = slots.purge(user, EnumSet.of(home));
        relay.purged(user, cli);
        boolean existed = !result.volumesRemoved().isEmpty();
        LOG.info("purged the {} home of {} (existed: {})", cli.segment(), user, existed);
        ctx.json(Bodies.mapper().createObjectNode().put("ok", true).put("existed", existed));
    }

    private UserId headerUser(Context ctx) {
        UserId user = users.resolve(ctx, dir, Optional.empty());
        drain.refuseIfDraining();
        return user;
    }

    private UserId bodyUser(Context ctx, ObjectNode body) {
        UserId user = users.resolve(ctx, dir, Optional.of(body));
        drain.refuseIfDraining();
        return user;
    }
}
