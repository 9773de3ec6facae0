package dev.ccx.orchestrator.admin;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One failed request as the dashboard lists it: never a body, header value, key or raw path, only the route
 * template (e.g. {@code /v1/jobs/{job}/files/<path>}), the stable error code and who asked.
 */
public record ErrorEvent(Instant at, int status, Optional<String> code, String method, String route,
                         Optional<String> user, Optional<String> credential, String requestId) {
    public ErrorEvent {
        Objects.requireNonNull(at);
        Objects.requireNonNull(code);
        Objects.requireNonNull(method);
        Objects.requireNonNull(route);
        Objects.requireNonNull(user);
        Objects.requireNonNull(credential);
        Objects.requireNonNull(requestId);
    }
}
