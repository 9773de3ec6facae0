package dev.ccx.orchestrator.http;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.regex.Pattern;

/** Per-request ids: a caller's well-formed {@code X-Request-Id} is kept, anything else is replaced. */
public final class RequestIds {
    static final String ATTRIBUTE = "ccx.request-id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {}

    static String assign(Context ctx) {
        String offered = ctx.header("X-Request-Id");
        String id = offered != null && SAFE.matcher(offered).matches() ? offered : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header("X-Request-Id", id);
        return id;
    }

    public static String current(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
