package dev.ccx.orchestrator.proxy;

import java.time.Duration;
import java.util.Map;

/**
 * One request to a runner's agent: method, path (with query), headers to pass, the body (replayable when it can
 * be sent twice, e.g. bytes in memory) and how long the runner may stay silent: until the response headers and
 * between reads of the body.
 */
public record RunnerCall(String method, String path, Map<String, String> headers,
                         RunnerBody body, boolean replayable, Duration timeout) {
    public RunnerCall {
        headers = Map.copyOf(headers);
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("runner paths are absolute");
        }
    }

    public static RunnerCall get(String path, Duration timeout) {
        return new RunnerCall("GET", path, Map.of(), RunnerBody.none(), true, timeout);
    }

    public static RunnerCall postJson(String path, byte[] json, Duration timeout, String requestId) {
        return new RunnerCall("POST", path, Map.of("Content-Type", "application/json", "X-Request-Id", requestId),
                RunnerBody.of(json), true, timeout);
    }

    /** A run the runner can cancel by id ({@code X-CCX-Run-Id}); the request id doubles as the run id. */
    public static RunnerCall run(String path, byte[] json, Duration timeout, String requestId) {
        return new RunnerCall("POST", path, Map.of("Content-Type", "application/json", "X-Request-Id", requestId,
                RUN_ID_HEADER, requestId), RunnerBody.of(json), true, timeout);
    }

    public static final String RUN_ID_HEADER = "X-CCX-Run-Id";

    /** How long past a run's longest allowed duration the orchestrator still waits for the runner to answer. */
    public static final Duration RUN_GRACE = Duration.ofSeconds(30);

    /** A chat run on the runner's {@code /v1/chat/completions}, the endpoint every API front executes through. */
    public static RunnerCall chat(byte[] json, Duration maxRunTime, String requestId) {
        return run("/v1/chat/completions", json, maxRunTime.plus(RUN_GRACE), requestId);
    }

    /** The run id this call carries, if it starts a cancellable run. */
    public java.util.Optional<String> runId() {
        return java.util.Optional.ofNullable(headers.get(RUN_ID_HEADER));
    }
}
