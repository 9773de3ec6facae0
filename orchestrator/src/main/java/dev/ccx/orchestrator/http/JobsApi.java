package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.proxy.RunnerCall;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import dev.ccx.orchestrator.proxy.RunnerBody;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Files in a user's job directories, over HTTP only (no shared filesystem): uploads and downloads stream through
 * the orchestrator to the user's runner through fixed buffers, never held in memory. Callers are authenticated
 * and names validated before anything is forwarded (or a runner started).
 */
final class JobsApi {
    private static final Duration TRANSFER_DEADLINE = Duration.ofMinutes(30);
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final String PREFIX = "/v1/jobs/";
    /** A refused upload is read to its end up to this size, so the client sees the answer rather than a reset. */
    private static final long DRAIN_LIMIT = 64L << 20;
    private final Services services;
    private final Callers callers;

    JobsApi(Services services, Callers callers) {
        this.services = services;
        this.callers = callers;
    }

    void listJobs(Context ctx) {
        UserId user = callers.user(ctx);
        forward(ctx, user, call(ctx, "GET", "/v1/jobs", QUICK));
    }

    void listFiles(Context ctx) {
        UserId user = callers.user(ctx);
        forward(ctx, user, call(ctx, "GET", PREFIX + rawJob(ctx) + "/files", QUICK));
    }

    void download(Context ctx) {
        UserId user = callers.user(ctx);
        Map<String, String> headers = headers(ctx);
        String range = ctx.header("Range");
        if (range != null) {
            headers.put("Range", range);
        }
        forward(ctx, user, new RunnerCall("GET", filePath(ctx), headers, RunnerBody.none(), true,
                TRANSFER_DEADLINE));
    }

    void upload(Context ctx) {
        UserId user = callers.user(ctx);
        String path = filePath(ctx);
        long length = ctx.req().getContentLengthLong();
        Optional<Long> quota = services.policies().forUser(user).limits().jobsQuotaBytes();
        if (quota.isPresent() && length > quota.get()) {
            drain(ctx, length);
            throw new ApiException(413, "invalid_request_error", "quota_exceeded", "the upload of " + length
                    + " bytes exceeds the jobs quota of " + quota.get() + " bytes");
        }
        CallerBody body = new CallerBody(input(ctx));
        Map<String, String> headers = headers(ctx);
        headers.put("Content-Type", "application/octet-stream");
        try {
            forward(ctx, user, new RunnerCall("PUT", path, headers, RunnerBody.stream(body, length), false,
                    TRANSFER_DEADLINE));
        } catch (ApiException e) {
            if (body.failed()) {
                throw ApiException.badRequest("upload_incomplete",
                        "the upload ended before its last byte; nothing was stored");
            }
            throw e;
        }
    }

    void deleteFile(Context ctx) {
        UserId user = callers.user(ctx);
        forward(ctx, user, call(ctx, "DELETE", filePath(ctx), QUICK));
    }

    void deleteJob(Context ctx) {
        UserId user = callers.user(ctx);
        forward(ctx, user, call(ctx, "DELETE", PREFIX + rawJob(ctx), QUICK));
    }

    /** The job name exactly as the caller wrote it in the URL (an encoded name is not a valid one). */
    private static String rawJob(Context ctx) {
        String uri = ctx.req().getRequestURI();
        String rest = uri.startsWith(PREFIX) ? uri.substring(PREFIX.length()) : "";
        int slash = rest.indexOf('/');
        return JobPaths.job(slash < 0 ? rest : rest.substring(0, slash));
    }

    /** The runner path of the file named by the raw (still percent-encoded) request URL. */
    private static String filePath(Context ctx) {
        String job = rawJob(ctx);
        String uri = ctx.req().getRequestURI();
        String files = PREFIX + job + "/files/";
        if (!uri.startsWith(files)) {
            throw ApiException.badRequest("invalid_path", "the file path is not a valid URL path");
        }
        return files + JobPaths.file(uri.substring(files.length()));
    }

    private static RunnerCall call(Context ctx, String method, String path, Duration timeout) {
        return new RunnerCall(method, path, headers(ctx), RunnerBody.none(), true, timeout);
    }

    /** The headers every call carries (the request id, for the runner's log), in a map the caller may extend. */
    private static Map<String, String> headers(Context ctx) {
        Map<String, String> headers = new HashMap<>();
        headers.put("X-Request-Id", RequestIds.current(ctx));
        return headers;
    }

    private void forward(Context ctx, UserId user, RunnerCall call) {
        services.drain().refuseIfDraining();
        services.forwarder().forward(ctx, user, call);
    }

    private static InputStream input(Context ctx) {
        try {
            return ctx.req().getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads and discards a refused body of moderate size; a larger one closes the connection instead. */
    private static void drain(Context ctx, long length) {
        if (length > DRAIN_LIMIT) {
            ctx.header("Connection", "close");
            return;
        }
        try (InputStream in = input(ctx)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException | UncheckedIOException e) {
            ctx.header("Connection", "close");
        }
    }
}
