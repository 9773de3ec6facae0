package dev.ccx.orchestrator.proxy;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.ApiException;
import dev.ccx.orchestrator.slot.Lease;
import dev.ccx.orchestrator.slot.SlotService;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one execution path to a user's runner: acquire the slot, send, heal an unreachable runner once, and hand the
 * answer to a handler, either {@link Relay} (byte-for-byte pass-through, SSE flushed per chunk) or a caller's own
 * translation. A client that goes away closes the upstream connection, which makes the runner cancel the run.
 */
public final class Forwarder {
    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    private final SlotService slots;
    private final RunnerTransport transport;

    public Forwarder(SlotService slots, RunnerTransport transport) {
        this.slots = slots;
        this.transport = transport;
    }

    /** Forwards {@code call} to {@code user}'s runner and streams the runner's response into {@code ctx}. */
    public void forward(Context ctx, UserId user, RunnerCall call) {
        exchange(user, call, answer -> Relay.relay(ctx, answer));
    }

    /**
     * Sends {@code call} to {@code user}'s runner (healing an unreachable slot once) and hands the answer to
     * {@code handler}; the runner connection and the slot lease are released when the handler returns.
     */
    public void exchange(UserId user, RunnerCall call, AnswerHandler handler) {
        for (int attempt = 0; ; attempt++) {
            Lease lease = slots.acquire(user);
            RunnerResponse response;
            try {
                response = transport.send(lease.instance(), call, lease::onAbort);
            } catch (HttpConnectTimeoutException e) {
                // nothing answers at the runner's address (e.g. its container died): unreachable, not slow
                if (heal(user, lease, call, attempt, e)) {
                    continue;
                }
                throw ApiException.badGateway("runner_unavailable", "the user's runner could not be reached", e);
            } catch (HttpTimeoutException e) {
                call.runId().ifPresent(id -> cancel(lease, id));
                lease.close();
                throw ApiException.timeout("runner_timeout", "the user's runner did not answer in time");
            } catch (IOException e) {
                if (heal(user, lease, call, attempt, e)) {
                    continue;
                }
                throw ApiException.badGateway("runner_unavailable", "the user's runner could not be reached", e);
            } catch (InterruptedException e) {
                call.runId().ifPresent(id -> cancel(lease, id)); // the interrupt flag is clear here, so this can send
                lease.close();
                Thread.currentThread().interrupt();
                throw ApiException.shuttingDown();
            }
            try (lease; RunnerAnswer answer = new RunnerAnswer(response, lease)) {
                handler.handle(answer);
            }
            return;
        }
    }

    /** Marks an unreachable runner broken; true when the call should be retried once on the healed slot. */
    private static boolean heal(UserId user, Lease lease, RunnerCall call, int attempt, IOException e) {
        lease.markBroken();
        lease.close();
        boolean retry = attempt == 0 && call.replayable();
        if (retry) {
            LOG.info("runner of {} unreachable ({}); healing the slot and retrying once", user, e.toString());
        }
        return retry;
    }

    /** Asks the runner to stop a run whose answer nobody will read any more; best effort. */
    private void cancel(Lease lease, String runId) {
        byte[] body = ("{\"run_id\":" + quote(runId) + "}").getBytes(StandardCharsets.UTF_8);
        try {
            RunnerResponse response = transport.send(lease.instance(),
                    RunnerCall.postJson("/v1/runs/cancel", body, java.time.Duration.ofSeconds(5), runId));
            response.body().close();
        } catch (IOException e) {
            LOG.debug("could not cancel run {}: {}", runId, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
