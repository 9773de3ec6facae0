package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.proxy.RunnerCall;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Files in a user's job directories, over HTTP only (no shared filesystem): uploads and downloads stream through
 * the orchestrator to the user's runner without being held in memory.
 */
final class JobsApi {
    private static final Duration TRANSFER_DEADLINE = Duration.ofMinutes(30);
    private static final Duration QUICK = Duration.ofSeconds(60);
    private final Services services;
    private final Callers callers;

    JobsApi(Services services, Callers callers) {
        this.services = services;
        this.callers = callers;
    }

    void listJobs(Context ctx) {
        forward(ctx, RunnerCall.get("/v1/jobs", QUICK));
    }

    void listFiles(Context ctx) {
        forward(ctx, RunnerCall.get("/v1/jobs/" + JobPaths.job(ctx.pathParam("job")) + "/files", QUICK));
    }

    void download(Context ctx) {
        Map<String, String> headers = new HashMap<>();
        String range = ctx.header("Range");
        if (range != null) {
            headers.put("Range", range);
        }
        forward(ctx, new RunnerCall("GET", filePath(ctx), headers, HttpRequest.BodyPublishers.noBody(), true,
                TRANSFER_DEADLINE));
    }

    void upload(Context ctx) {
        String path = filePath(ctx);
        long length = ctx.req().getContentLengthLong();
        HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return ctx.req().getInputStream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        HttpRequest.BodyPublisher body = length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(stream, length) : stream;
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        headers.put("X-Request-Id", RequestIds.current(ctx));
        forward(ctx, new RunnerCall("PUT", path, headers, body, false, TRANSFER_DEADLINE));
    }

    void deleteFile(Context ctx) {
        forward(ctx, new RunnerCall("DELETE", filePath(ctx), Map.of(), HttpRequest.BodyPublishers.noBody(), true,
                QUICK));
    }

    void deleteJob(Context ctx) {
        forward(ctx, new RunnerCall("DELETE", "/v1/jobs/" + JobPaths.job(ctx.pathParam("job")), Map.of(),
                HttpRequest.BodyPublishers.noBody(), true, QUICK));
    }

    private static String filePath(Context ctx) {
        return "/v1/jobs/" + JobPaths.job(ctx.pathParam("job")) + "/files/" + JobPaths.file(ctx.pathParam("path"));
    }

    private void forward(Context ctx, RunnerCall call) {
        UserId user = callers.user(ctx);
        services.drain().refuseIfDraining();
        services.forwarder().forward(ctx, user, call);
    }
}
