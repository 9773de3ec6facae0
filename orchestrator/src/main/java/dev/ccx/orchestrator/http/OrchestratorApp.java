package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.compat.CompatRoutes;
import dev.ccx.orchestrator.compat.UserSelection;
import dev.ccx.orchestrator.config.LoginSettings;
import dev.ccx.orchestrator.fronts.FrontsApi;
import dev.ccx.orchestrator.login.LoginBindings;
import dev.ccx.orchestrator.login.LoginRelay;
import dev.ccx.orchestrator.metrics.Metrics;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.router.Endpoint;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Builds the orchestrator's Javalin app: routes, authentication, one error shape, access log and metrics. */
public final class OrchestratorApp {
    private static final Logger ACCESS = LoggerFactory.getLogger("ccx.access");
    private static final Logger LOG = LoggerFactory.getLogger(OrchestratorApp.class);
    private static final String STARTED = "ccx.started-nanos";

    private OrchestratorApp() {}

    public static Javalin create(Services services) {
        return create(services, LoginSettings.DEFAULTS);
    }

    /** With the login settings (the compatibility layer's default user). */
    public static Javalin create(Services services, LoginSettings logins) {
        Callers callers = new Callers(services.auth());
        UserSelection users = new UserSelection(callers, logins.compatDefaultUser().map(UserId::new));
        LoginRelay relay = new LoginRelay(services.forwarder(), new LoginBindings(Clock.systemUTC()));
        LoginApi login = new LoginApi(services, callers, relay);
        UserApi user = new UserApi(services, callers, users);
        JobsApi jobs = new JobsApi(services, callers);
        FrontsApi fronts = new FrontsApi(services, callers);
        return Javalin.create(config -> {
            configure(config);
            config.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                MDC.put("req", RequestIds.assign(ctx));
            });
            config.routes.get("/health", ctx -> ctx.json(java.util.Map.of("status", "ok")));
            config.routes.get("/ready", ctx -> ready(ctx, services));
            config.routes.get("/metrics", ctx -> metrics(ctx, services.metrics()));
            config.routes.post("/v1/chat/completions", user::chatCompletions);
            config.routes.post("/v1/responses", fronts::responses);
            config.routes.post("/v1/messages", fronts::messages);
            config.routes.post("/v1/messages/count_tokens", fronts::countTokens);
            config.routes.get("/v1/models", user::models);
            config.routes.get("/v1/auth/status", user::authStatus);
            config.routes.get("/v1/jobs", jobs::listJobs);
            config.routes.get("/v1/jobs/{job}/files", jobs::listFiles);
            config.routes.get("/v1/jobs/{job}/files/<path>", jobs::download);
            config.routes.put("/v1/jobs/{job}/files/<path>", jobs::upload);
            config.routes.delete("/v1/jobs/{job}/files/<path>", jobs::deleteFile);
            config.routes.delete("/v1/jobs/{job}", jobs::deleteJob);
            login.register(config.routes);
            CompatRoutes.register(config.routes, users, relay, services.slots(), services.drain());
            AdminRoutes.register(config.routes, services, callers);
            config.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, fromJavalin(e)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("unexpected failure handling {} {}", ctx.method(), ctx.path(), e);
                error(ctx, new ApiException(500, "server_error", "internal_error",
                        "internal error; quote request id " + RequestIds.current(ctx)));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty()) {
                    error(ctx, ApiException.notFound("not_found", "no such endpoint: " + ctx.method() + " " + ctx.path()));
                }
            });
            config.routes.after(ctx -> FailureRecorder.record(ctx, services.admin().errors()));
            config.routes.after(ctx -> accessLog(ctx, services.metrics()));
        });
    }

    private static void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.compressionStrategy = CompressionStrategy.NONE;
        config.http.prefer405over404 = true;
        config.http.generateEtags = false;
        config.http.maxRequestSize = 1L << 40;
        config.router.ignoreTrailingSlashes = false;
        config.jetty.modifyServer(server -> {
            server.setStopTimeout(0); // Orchestrator.close() drains; Jetty need not wait for idle keep-alives
            server.setErrorHandler(new JsonErrorHandler());
        });
    }

    private static void ready(Context ctx, Services services) {
        boolean ok = services.backendHealthy().getAsBoolean() && !services.drain().draining();
        ctx.status(ok ? 200 : 503).json(java.util.Map.of("status", ok ? "ready" : "not_ready",
                "backend", services.backendHealthy().getAsBoolean() ? "up" : "down",
                "draining", services.drain().draining()));
    }

    private static void metrics(Context ctx, Metrics metrics) throws java.io.IOException {
        ctx.contentType(Metrics.CONTENT_TYPE);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        metrics.write(out);
        ctx.result(out.toByteArray());
    }

    static void error(Context ctx, ApiException e) {
        if (ctx.res().isCommitted()) {
            return;
        }
        ctx.status(e.status());
        FailureRecorder.remember(ctx, e.code());
        if (e.retryAfterSeconds() != null) {
            ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
        }
        if (e.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        ctx.contentType("application/json");
        ctx.result(ErrorBody.json(e, ErrorDialect.forPath(ctx.path())).getBytes(StandardCharsets.UTF_8));
    }

    private static ApiException fromJavalin(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> ApiException.notFound("not_found", "no such endpoint");
            case 405 -> new ApiException(405, "invalid_request_error", "method_not_allowed",
                    "this method is not allowed on this endpoint");
            case 413 -> new ApiException(413, "invalid_request_error", "body_too_large", "the request body is too large");
            default -> new ApiException(e.getStatus(), e.getStatus() >= 500 ? "server_error" : "invalid_request_error",
                    "http_" + e.getStatus(), "request failed with status " + e.getStatus());
        };
    }

    private static void accessLog(Context ctx, Metrics metrics) {
        Long started = ctx.attribute(STARTED);
        long ms = started == null ? -1 : (System.nanoTime() - started) / 1_000_000;
        Endpoint endpoint = matched(ctx);
        String route = endpoint == null ? "unmatched" : endpoint.path;
        metrics.request(route, ctx.status().getCode());
        boolean probe = route.equals("/health") || route.equals("/ready") || route.equals("/metrics");
        if (probe && ctx.status().getCode() < 400) {
            ACCESS.debug("method={} path={} status={} ms={}", ctx.method(), ctx.path(), ctx.status().getCode(), ms);
        } else {
            ACCESS.info("method={} path={} status={} ms={}", ctx.method(), ctx.path(), ctx.status().getCode(), ms);
        }
        MDC.clear();
    }

    private static Endpoint matched(Context ctx) {
        try {
            return ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
