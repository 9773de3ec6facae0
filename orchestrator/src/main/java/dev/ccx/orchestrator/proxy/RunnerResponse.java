package dev.ccx.orchestrator.proxy;

import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A runner's response as the transport hands it over: the status, the first value of each header (names in lower
 * case) and the body, read as it arrives. Closing the body before its end closes the runner connection.
 */
public record RunnerResponse(int status, Map<String, String> headers, InputStream body) {
    public RunnerResponse {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }
}
