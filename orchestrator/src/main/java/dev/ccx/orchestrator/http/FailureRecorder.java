package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.admin.ErrorEvent;
import dev.ccx.orchestrator.admin.RecentErrors;
import dev.ccx.orchestrator.auth.Principal;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.time.Instant;
import java.util.Optional;

/**
 * Feeds the ring of recent errors from each finished request: the route template (never the raw path, which may
 * name files), status, stable error code, user and credential id (never the credential itself), request id.
 */
final class FailureRecorder {
    private static final String CODE = "ccx.error-code";

    private FailureRecorder() {}

    /** Notes the error code of the answer being written. */
    static void remember(Context ctx, String code) {
        ctx.attribute(CODE, code);
    }

    static void record(Context ctx, RecentErrors errors) {
        int status = ctx.status().getCode();
        if (status < 400) {
            return;
        }
        Principal principal = ctx.attribute(Callers.PRINCIPAL);
        errors.record(new ErrorEvent(Instant.now(), status, Optional.ofNullable(ctx.<String>attribute(CODE)),
                ctx.method().name(), route(ctx), Optional.ofNullable(ctx.<String>attribute(Callers.USER)),
                Optional.ofNullable(principal).map(Principal::credentialId), RequestIds.current(ctx)));
    }

    private static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? "unmatched" : endpoint.path;
        } catch (RuntimeException e) {
            return "unmatched";
        }
    }
}
