package dev.ccx.orchestrator.bench;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * How much the slot benchmark does, from environment variables (see orchestrator/bench/slot-bench.sh):
 * samples per start kind, warm request pairs, the throughput and load shapes, and where the plot goes.
 *
 * @param runs          cold starts, stopped resumes and paused resumes measured (each)
 * @param warmUpPairs   unmeasured request pairs first: a long-running orchestrator is JIT-compiled, and during a
 *                      1000-pair warm-up a third of its CPU is still the C2 compiler
 * @param warmPairs     interleaved orchestrator/direct request pairs for the forwarding overhead
 * @param users         users in the throughput run, each with {@code streamsPerUser} concurrent streams
 * @param rounds        repetitions of the throughput and load runs
 * @param requests      sequential requests per stream in one throughput or load round
 * @param idleSlots     slots kept running and idle while {@code loadStreams} other users stream
 * @param baseImage     the runner image the stand-in image is built on (default: ccx-runner:latest built from this repository)
 * @param pause         whether to measure resuming a paused runner (needs {@code limits.pause_after})
 * @param orchestratorJavaOpts extra JVM options for the orchestrator (a profiler, say), split at whitespace
 */
public record BenchSettings(int runs, int warmUpPairs, int warmPairs, int users, int streamsPerUser, int rounds, int requests,
                            int idleSlots, int loadStreams, Path plot, Optional<String> baseImage, boolean pause,
                            Optional<String> orchestratorJavaOpts) {
    public BenchSettings {
        if (runs < 1 || warmUpPairs < 0 || warmPairs < 10 || users < 1 || streamsPerUser < 1 || rounds < 1 || requests < 1
                || idleSlots < 0 || loadStreams < 1) {
            throw new IllegalArgumentException("benchmark sizes must be positive (WARM at least 10)");
        }
    }

    public static BenchSettings fromEnv(Map<String, String> env) {
        return new BenchSettings(
                number(env, "RUNS", 10),
                number(env, "WARMUP", 3000),
                number(env, "WARM", 1000),
                number(env, "USERS", 50),
                number(env, "STREAMS", 2),
                number(env, "ROUNDS", 3),
                number(env, "REQUESTS", 10),
                number(env, "IDLE_SLOTS", 100),
                number(env, "LOAD_STREAMS", 20),
                Path.of(env.getOrDefault("PLOT", "orchestrator/target/bench/cold-start.png")).toAbsolutePath(),
                Optional.ofNullable(env.get("BASE_IMAGE")).filter(s -> !s.isBlank()),
                !"0".equals(env.getOrDefault("PAUSE", "1")),
                Optional.ofNullable(env.get("ORCHESTRATOR_JAVA_OPTS")).filter(s -> !s.isBlank()));
    }

    private static int number(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, not " + value);
        }
    }
}
