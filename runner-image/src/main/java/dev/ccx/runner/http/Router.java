package dev.ccx.runner.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.ccx.runner.Ids;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Dispatches by method and exact path (query string ignored, one trailing slash tolerated), or by prefix for paths
 * registered as {@code /prefix/**} (the longest prefix wins; exact paths first), and maps every failure to the JSON
 * error shape: unknown path 404, wrong method 405, domain errors by their reason, anything unexpected a 500 without
 * details.
 */
public final class Router implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final Map<String, Map<String, Route>> routes = new LinkedHashMap<>();
    private final Map<String, Map<String, Route>> prefixes = new LinkedHashMap<>();
    private final String slot;

    public Router(String slot) {
        this.slot = slot;
    }

    public Router get(String path, Route route) {
        return add("GET", path, route);
    }

    public Router post(String path, Route route) {
        return add("POST", path, route);
    }

    public Router put(String path, Route route) {
        return add("PUT", path, route);
    }

    public Router delete(String path, Route route) {
        return add("DELETE", path, route);
    }

    private Router add(String method, String path, Route route) {
        Map<String, Map<String, Route>> table = path.endsWith("/**") ? prefixes : routes;
        String key = path.endsWith("/**") ? path.substring(0, path.length() - 2) : path;
        table.computeIfAbsent(key, p -> new LinkedHashMap<>()).put(method, route);
        return this;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String requestId = ex.getRequestHeaders().getFirst("X-Request-Id");
        MDC.put("slot", slot);
        MDC.put("request", requestId == null || requestId.length() > 64 ? Ids.uuid().toString() : requestId);
        try {
            route(ex).handle(ex);
        } catch (AgentException e) {
            LOG.info("{} {} -> {} {}", ex.getRequestMethod(), ex.getRequestURI().getPath(), e.reason().status(),
                    e.reason().code());
            respond(ex, e);
        } catch (IOException e) {
            LOG.info("{} {}: connection problem: {}", ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    e.toString());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            respond(ex, new AgentException(Reason.INTERNAL, "internal error"));
        } finally {
            ex.close();
            MDC.clear();
        }
    }

    private Route route(HttpExchange ex) {
        String path = ex.getRequestURI().getRawPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        Map<String, Route> byMethod = routes.get(path);
        if (byMethod == null) {
            byMethod = byPrefix(path);
        }
        if (byMethod == null) {
            throw new AgentException(Reason.NOT_FOUND, "no such endpoint: " + ex.getRequestMethod() + " "
                    + abbreviate(path));
        }
        String method = ex.getRequestMethod();
        Route route = byMethod.get("HEAD".equals(method) ? "GET" : method);
        if (route == null) {
            ex.getResponseHeaders().set("Allow", String.join(", ", byMethod.keySet()));
            throw new AgentException(Reason.METHOD_NOT_ALLOWED, method + " is not allowed on " + path
                    + "; use " + String.join(" or ", byMethod.keySet()));
        }
        return route;
    }

    private Map<String, Route> byPrefix(String path) {
        String best = null;
        for (String prefix : prefixes.keySet()) {
            if (path.startsWith(prefix) && path.length() > prefix.length()
                    && (best == null || prefix.length() > best.length())) {
                best = prefix;
            }
        }
        return best == null ? null : prefixes.get(best);
    }

    private static void respond(HttpExchange ex, AgentException e) {
        try {
            if (ex.getResponseCode() == -1) {
                Responses.error(ex, e);
            }
        } catch (IOException io) {
            LOG.debug("cannot send error response: {}", io.toString());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
