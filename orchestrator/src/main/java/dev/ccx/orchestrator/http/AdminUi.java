package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.admin.AdminServices;
import dev.ccx.orchestrator.admin.AdminSession;
import dev.ccx.orchestrator.admin.AdminSessions;
import dev.ccx.orchestrator.admin.SessionCookie;
import dev.ccx.orchestrator.auth.Authenticator;
import dev.ccx.orchestrator.auth.Principal;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the admin dashboard at {@code /admin/ui}: a login form that takes the admin key once and opens a cookie
 * session, and a static page (HTML, CSS, JS from the classpath) that then drives the documented admin API.
 */
final class AdminUi {
    static final String HOME = "/admin/ui";
    static final String LOGIN = "/admin/ui/login";
    private static final Logger LOG = LoggerFactory.getLogger(AdminUi.class);
    private static final int MAX_FORM = 4096;
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Map<String, String> ASSET_TYPES = Map.of(
            "dashboard.js", "text/javascript; charset=utf-8", "admin.css", "text/css; charset=utf-8");
    private final Authenticator auth;
    private final AdminServices admin;
    private final AdminGate gate;
    private final String dashboard = resource("dashboard.html");
    private final String login = resource("login.html");
    private final Map<String, String> assets = Map.of("dashboard.js", resource("dashboard.js"),
            "admin.css", resource("admin.css"));

    AdminUi(Authenticator auth, AdminServices admin, AdminGate gate) {
        this.auth = auth;
        this.admin = admin;
        this.gate = gate;
    }

    void page(Context ctx) {
        Optional<AdminSession> session = gate.session(ctx);
        if (session.isEmpty()) {
            hardened(ctx).redirect(LOGIN, HttpStatus.SEE_OTHER);
            return;
        }
        hardened(ctx).html(dashboard.replace("{{csrf}}", session.get().csrfToken())
                .replace("{{credential}}", escape(session.get().credentialId())));
    }

    void loginPage(Context ctx) {
        hardened(ctx).html(login.replace("{{message}}", ""));
    }

    /** Takes the admin key from the form once; the session cookie replaces it from then on. */
    void login(Context ctx) {
        AdminGate.checkSameOrigin(ctx);
        String key = formField(new String(Bodies.read(ctx, MAX_FORM), StandardCharsets.UTF_8), "key");
        Principal principal;
        try {
            principal = auth.authenticate("Bearer " + key, null);
            ctx.attribute(Callers.PRINCIPAL, principal);
            auth.requireAdmin(principal);
        } catch (ApiException e) {
            FailureRecorder.remember(ctx, e.code());
            String message = e.status() == 403 ? "That key is valid but is not an admin key."
                    : "That is not a valid admin key.";
            hardened(ctx).status(e.status()).html(login.replace("{{message}}",
                    "<p class=\"error\" id=\"login-error\">" + message + "</p>"));
            return;
        }
        AdminSessions.Opened opened = admin.sessions().open(principal.credentialId());
        hardened(ctx).header("Set-Cookie", SessionCookie.set(opened.id(), admin.sessions().ttl(), secure(ctx)));
        LOG.info("dashboard session opened with {}", principal.credentialId());
        ctx.redirect(HOME, HttpStatus.SEE_OTHER);
    }

    /** Ends the session; needs the session's CSRF token like every other state change. */
    void logout(Context ctx) {
        gate.require(ctx);
        admin.sessions().close(ctx.cookie(SessionCookie.NAME));
        hardened(ctx).header("Set-Cookie", SessionCookie.clear(secure(ctx))).status(204);
    }

    void asset(Context ctx) {
        String name = ctx.pathParam("name");
        String type = ASSET_TYPES.get(name);
        if (type == null) {
            throw ApiException.notFound("not_found", "no such asset");
        }
        if (name.endsWith(".js") && gate.session(ctx).isEmpty()) {
            throw ApiException.unauthorized("missing_credentials", "log in at " + HOME);
        }
        hardened(ctx).contentType(type).result(assets.get(name));
    }

    private boolean secure(Context ctx) {
        return admin.settings().secureCookie(ctx.scheme(), ctx.req().getRemoteAddr(),
                ctx.header("X-Forwarded-Proto"));
    }

    private static Context hardened(Context ctx) {
        return ctx.header("Content-Security-Policy", CSP)
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store");
    }

    /** One field of an {@code application/x-www-form-urlencoded} body; empty when absent or malformed. */
    static String formField(String body, String name) {
        try {
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).trim();
                }
            }
        } catch (IllegalArgumentException e) {
            LOG.debug("malformed login form: {}", e.getMessage());
        }
        return "";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) {
        try (InputStream in = AdminUi.class.getResourceAsStream("/admin-ui/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource admin-ui/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
