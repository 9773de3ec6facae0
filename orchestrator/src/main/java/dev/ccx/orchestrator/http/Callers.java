package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.auth.Authenticator;
import dev.ccx.orchestrator.auth.Principal;
import dev.ccx.orchestrator.auth.UserId;
import io.javalin.http.Context;
import org.slf4j.MDC;

/** Authenticates requests and resolves the user they act for, keeping both on the request for logs. */
public final class Callers {
    static final String PRINCIPAL = "ccx.principal";
    static final String USER = "ccx.user";
    public static final String USER_HEADER = "X-CCX-User";
    private final Authenticator auth;

    public Callers(Authenticator auth) {
        this.auth = auth;
    }

    public Principal principal(Context ctx) {
        Principal existing = ctx.attribute(PRINCIPAL);
        if (existing != null) {
            return existing;
        }
        Principal principal = auth.authenticate(ctx.header("Authorization"), ctx.header("x-api-key"));
        ctx.attribute(PRINCIPAL, principal);
        MDC.put("cred", principal.credentialId());
        return principal;
    }

    /** The user a user-API request acts for (401/403/400 when it cannot be determined). */
    public UserId user(Context ctx) {
        return user(ctx, ctx.header(USER_HEADER));
    }

    /** As {@link #user(Context)}, with the user named by some other means (e.g. a compatibility header). */
    public UserId user(Context ctx, String namedUser) {
        UserId user = auth.resolveUser(principal(ctx), namedUser);
        ctx.attribute(USER, user.value());
        MDC.put("user", user.value());
        return user;
    }

    /** Authenticates the caller (401) and refuses admin keys (403) before anything of the request is read. */
    public void admitUserCaller(Context ctx) {
        auth.requireUserApi(principal(ctx));
    }

    public void requireAdmin(Context ctx) {
        auth.requireAdmin(principal(ctx));
    }
}
