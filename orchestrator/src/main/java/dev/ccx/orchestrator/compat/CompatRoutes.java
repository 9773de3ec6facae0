package dev.ccx.orchestrator.compat;

import dev.ccx.orchestrator.http.Drain;
import dev.ccx.orchestrator.login.LoginRelay;
import dev.ccx.orchestrator.slot.SlotService;
import io.javalin.config.RoutesConfig;

/**
 * cc-executor-docker's {@code /admin/*} login and purge endpoints, registered on the orchestrator's app (its
 * {@code /v1/chat/completions}, {@code /v1/models} and {@code /health} are the orchestrator's own, which read the
 * config-directory headers through {@link UserSelection}).
 */
public final class CompatRoutes {
    private CompatRoutes() {}

    public static void register(RoutesConfig routes, UserSelection users, LoginRelay relay, SlotService slots,
                                Drain drain) {
        CompatClaudeApi claude = new CompatClaudeApi(users, relay, slots, drain);
        CompatCodexApi codex = new CompatCodexApi(users, relay, slots, drain);
        routes.get("/admin/status", claude::status);
        routes.post("/admin/oauth/start", claude::oauthStart);
        routes.post("/admin/oauth/complete", claude::oauthComplete);
        routes.post("/admin/credentials", claude::credentials);
        routes.post("/admin/logout", claude::logout);
        routes.delete("/admin/config-dir", claude::purge);
        routes.get("/admin/codex/status", codex::status);
        routes.post("/admin/codex/login/start", codex::loginStart);
        routes.post("/admin/codex/login/complete", codex::loginComplete);
        routes.post("/admin/codex/credentials", codex::credentials);
        routes.post("/admin/codex/logout", codex::logout);
        routes.delete("/admin/codex/config-dir", codex::purge);
    }
}
