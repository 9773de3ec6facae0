package dev.ccx.orchestrator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.proxy.RunnerCall;
import dev.ccx.orchestrator.proxy.RunnerTransport;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.slot.SlotView;
import java.io.IOException;
import java.io.InputStream;
import dev.ccx.orchestrator.proxy.RunnerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each user's Claude and Codex login as their runner last reported it ({@code GET /v1/auth/status}). Runners that
 * are up are asked at most once per {@link #FRESH_FOR}, never started for it; a stopped runner's last answer is kept
 * in memory (lost when the orchestrator restarts) and forgotten when the user is purged.
 */
public final class LoginStatuses {
    public static final Duration FRESH_FOR = Duration.ofSeconds(60);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(3);
    private static final int MAX_BODY = 16 * 1024;
    private static final Set<String> UP = Set.of("running", "busy");
    private static final Logger LOG = LoggerFactory.getLogger(LoginStatuses.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<UserId, Optional<SlotInstance>> readyRunner;
    private final RunnerTransport transport;
    private final Clock clock;
    private final ConcurrentHashMap<String, LoginSnapshot> known = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;

    /** {@code readyRunner} gives a user's runner only when it is up and ready (it must never start one). */
    public LoginStatuses(Function<UserId, Optional<SlotInstance>> readyRunner, RunnerTransport transport, Clock clock) {
        this.readyRunner = readyRunner;
        this.transport = transport;
        this.clock = clock;
        this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ccx-login-status");
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** The last known logins of the given slots' users, asking runners that are up when their answer is stale. */
    public Map<String, LoginSnapshot> current(List<SlotView> slots) {
        Instant staleBefore = clock.instant().minus(FRESH_FOR);
        List<CompletableFuture<Void>> asked = new ArrayList<>();
        for (SlotView slot : slots) {
            LoginSnapshot last = known.get(slot.user());
            if (UP.contains(slot.state()) && (last == null || last.observedAt().isBefore(staleBefore))) {
                asked.add(refresh(new UserId(slot.user())));
            }
        }
        await(asked);
        Map<String, LoginSnapshot> out = new HashMap<>();
        for (SlotView slot : slots) {
            LoginSnapshot last = known.get(slot.user());
            if (last != null) {
                out.put(slot.user(), last);
            }
        }
        return out;
    }

    /** Drops what is known about the user (their homes were purged). */
    public void forget(UserId user) {
        known.remove(user.value());
    }

    private CompletableFuture<Void> refresh(UserId user) {
        return pending.compute(user.value(), (u, running) -> running != null && !running.isDone() ? running
                : CompletableFuture.runAsync(() -> ask(user), executor));
    }

    private void ask(UserId user) {
        Optional<SlotInstance> runner = readyRunner.apply(user);
        if (runner.isEmpty()) {
            return;
        }
        try {
            RunnerResponse response = transport.send(runner.get(),
                    RunnerCall.get("/v1/auth/status", CALL_TIMEOUT));
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (response.status() != 200 || body.length > MAX_BODY) {
                LOG.debug("runner of {} answered the login check with {}", user, response.status());
                return;
            }
            JsonNode root = JSON.readTree(body);
            if (root == null || !root.isObject()) {
                return;
            }
            known.put(user.value(), new LoginSnapshot(clock.instant(),
                    CliLoginState.fromRunner(root.path("claude")), CliLoginState.fromRunner(root.path("codex"))));
        } catch (IOException e) {
            LOG.debug("could not ask the runner of {} for its logins: {}", user, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(List<CompletableFuture<Void>> asked) {
        if (asked.isEmpty()) {
            return;
        }
        try {
            CompletableFuture.allOf(asked.toArray(CompletableFuture[]::new)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            LOG.debug("login checks still running after {}: answering with what is known", WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
