package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.ApiException;
import dev.ccx.orchestrator.http.Bodies;
import dev.ccx.orchestrator.http.RequestIds;
import dev.ccx.orchestrator.policy.Policy;
import dev.ccx.orchestrator.proxy.Forwarder;
import dev.ccx.orchestrator.proxy.RunnerCall;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes a front's run exactly as a chat completion runs: the same {@link Forwarder} path to the user's runner
 * and the same runner endpoint, always as a stream with usage. Only the answer differs: it is translated event by
 * event (streaming) or collected into one object (non-streaming).
 */
final class FrontRun {
    private static final Logger LOG = LoggerFactory.getLogger(FrontRun.class);
    private final Forwarder forwarder;

    FrontRun(Forwarder forwarder) {
        this.forwarder = forwarder;
    }

    /** Runs {@code request} (already checked against policy) on {@code user}'s runner and answers on {@code ctx}. */
    void execute(Context ctx, UserId user, Policy policy, Front front, RunRequest request) {
        RunnerCall call = RunnerCall.chat(bytes(request), policy.maxTimeout(), RequestIds.current(ctx));
        forwarder.exchange(user, call, answer -> {
            if (answer.status() != 200) {
                throw RunnerErrors.fromAnswer(answer);
            }
            ChunkStreamReader events = new ChunkStreamReader(answer.body());
            if (request.stream()) {
                SseOut sse = SseOut.open(ctx);
                stream(events, front.stream(request, sse), sse);
            } else {
                RunResult result = collect(events);
                ctx.status(200).contentType("application/json").result(front.answer(request, result).toString());
            }
        });
    }

    /** Reads the whole run; a failure inside the runner's stream becomes the HTTP error it would have been. */
    static RunResult collect(ChunkStreamReader events) {
        RunCollector run = new RunCollector();
        try {
            for (Optional<RunEvent> e = events.next(); e.isPresent(); e = events.next()) {
                if (e.get() instanceof RunEvent.Failed failed) {
                    throw failed.error();
                }
                run.accept(e.get());
            }
        } catch (IOException e) {
            LOG.warn("runner failed mid-response: {}", e.toString());
            throw RunnerErrors.broken(e);
        }
        return run.result();
    }

    /** Translates the run event by event until it ends, fails, or the client goes away (which cancels it). */
    static void stream(ChunkStreamReader events, FrontStream out, SseOut sse) {
        RunCollector run = new RunCollector();
        out.open();
        try {
            for (Optional<RunEvent> e = events.next(); e.isPresent() && !sse.gone(); e = events.next()) {
                RunEvent event = e.get();
                if (event instanceof RunEvent.Failed failed) {
                    out.fail(failed.error(), run.result());
                    return;
                }
                run.accept(event);
                if (event instanceof RunEvent.Text text) {
                    out.text(text.delta());
                } else if (event instanceof RunEvent.KeepAlive) {
                    sse.comment("keepalive");
                }
            }
        } catch (IOException e) {
            LOG.warn("runner failed mid-stream: {}", e.toString());
            out.fail(RunnerErrors.broken(e), run.result());
            return;
        } catch (ApiException e) {
            out.fail(e, run.result());
            return;
        }
        if (!sse.gone()) {
            out.finish(run.result());
        }
    }

    private static byte[] bytes(RunRequest request) {
        try {
            return Bodies.mapper().writeValueAsBytes(request.chatBody());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a translated request could not be serialised", e);
        }
    }
}
