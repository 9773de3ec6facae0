package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.admin.AdminSession;
import dev.ccx.orchestrator.admin.AdminSessions;
import dev.ccx.orchestrator.admin.SessionCookie;
import dev.ccx.orchestrator.auth.Principal;
import dev.ccx.orchestrator.auth.Role;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;
import org.slf4j.MDC;

/**
 * Who may call the admin API: an admin key in a header (scripts), or a dashboard session cookie. A cookie is an
 * ambient credential, so state-changing calls made with it must also carry the session's CSRF token and must not
 * come from another site.
 */
final class AdminGate {
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private final Callers callers;
    private final AdminSessions sessions;

    AdminGate(Callers callers, AdminSessions sessions) {
        this.callers = callers;
        this.sessions = sessions;
    }

    /** Lets the request through or throws 401/403. */
    void require(Context ctx) {
        if (ctx.header("Authorization") != null || ctx.header("x-api-key") != null) {
            callers.requireAdmin(ctx);
            return;
        }
        AdminSession session = session(ctx).orElseThrow(() -> ctx.cookie(SessionCookie.NAME) == null
                ? ApiException.unauthorized("missing_credentials",
                        "send 'Authorization: Bearer <admin key>' or log in at /admin/ui")
                : ApiException.unauthorized("invalid_session", "the dashboard session is not valid; log in again"));
        if (!SAFE_METHODS.contains(ctx.method().name())) {
            checkSameOrigin(ctx);
            if (!session.csrfMatches(ctx.header(CSRF_HEADER))) {
                throw ApiException.forbidden("csrf_failed", "state-changing calls with a session need its "
                        + CSRF_HEADER + " header");
            }
        }
        ctx.attribute(Callers.PRINCIPAL, new Principal(Role.ADMIN, Optional.empty(), session.credentialId()));
        MDC.put("cred", session.credentialId());
    }

    /** The live session the request's cookie names, if any. */
    Optional<AdminSession> session(Context ctx) {
        return sessions.find(ctx.cookie(SessionCookie.NAME));
    }

    /**
     * Browsers say where a request comes from in {@code Sec-Fetch-Site}; anything but our own origin is refused.
     * (Clients that do not send it, such as scripts, rely on the CSRF token alone.)
     */
    static void checkSameOrigin(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin")) {
            throw ApiException.forbidden("csrf_failed", "cross-site requests are refused");
        }
    }
}
