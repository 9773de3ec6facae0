package dev.ccx.runner.config;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * How long and how big things may get in one runner.
 *
 * @param defaultTimeout    run deadline when a request names none
 * @param maxTimeout        hard cap on any request's timeout
 * @param retryDelay        pause before the one retry of a failed run
 * @param maxConcurrentRuns CLI runs allowed at once; more get 429
 * @param maxBodyBytes      largest accepted request body; more get 413
 * @param maxOutputBytes    largest total size of returned output files
 * @param keepAlive         SSE silence after which a keepalive comment is sent
 * @param killGrace         wait between INT, TERM and KILL when stopping a CLI's process tree
 * @param jobsQuotaBytes    bytes the user may keep in the jobs volume (enforced on uploads); empty: unlimited
 */
public record Limits(
        Duration defaultTimeout,
        Duration maxTimeout,
        Duration retryDelay,
        int maxConcurrentRuns,
        long maxBodyBytes,
        long maxOutputBytes,
        Duration keepAlive,
        Duration killGrace,
        OptionalLong jobsQuotaBytes) {

    public Limits {
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            defaultTimeout = maxTimeout;
        }
        if (maxConcurrentRuns < 1 || maxBodyBytes < 1 || maxOutputBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
