package dev.ccx.orchestrator.compat;

import dev.ccx.orchestrator.http.Drain;
import dev.ccx.orchestrator.login.LoginCli;
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
        CompatLoginApi claude = new CompatLoginApi(LoginCli.CLAUDE, ConfigDirs.CLAUDE,
                "login session belongs to another user", users, relay, slots, drain);
        CompatLoginApi codex = new CompatLoginApi(LoginCli.CODEX, ConfigDirs.CODEX,
                "CODEX_HOME mismatch for login session", users, relay, slots, drain);
        routes.get("/admin/status", claude::status);
        routes.post("/admin/oauth/start", claude::start);
        routes.post("/admin/oauth/complete", claude::complete);
        routes.post("/admin/credentials", claude::credentials);
        routes.post("/admin/logout", claude::logout);
        routes.delete("/admin/config-dir", claude::purge);
        routes.get("/admin/codex/status", codex::status);
        routes.post("/admin/codex/login/start", codex::start);
        routes.post("/admin/codex/login/complete", codex::complete);
        routes.post("/admin/codex/credentials", codex::credentials);
        routes.post("/admin/codex/logout", codex::logout);
        routes.delete("/admin/codex/config-dir", codex::purge);
    }
}
