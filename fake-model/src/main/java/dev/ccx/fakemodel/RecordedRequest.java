package dev.ccx.fakemodel;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request the fake model received, kept whole (secrets included: this is a test server)
 * so tests can assert on paths, API keys and bodies.
 *
 * @param headers header names in lower case
 */
public record RecordedRequest(
        Instant receivedAt,
        String method,
        String path,
        String query,
        Map<String, List<String>> headers,
        String body) {

    public RecordedRequest {
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /** The first value of a header, looked up case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
