package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.files.FileEntry;
import dev.ccx.runner.files.FilePath;
import dev.ccx.runner.files.JobFiles;
import dev.ccx.runner.files.JobName;
import dev.ccx.runner.files.JobSummary;
import dev.ccx.runner.files.JobsQuota;
import dev.ccx.runner.files.JobsUsage;
import dev.ccx.runner.files.Uploads;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job-file endpoints: {@code GET /v1/jobs}, and below {@code /v1/jobs/{job}} the listing, upload, download and
 * deletion of files and the deletion of a whole job. Bodies stream through fixed buffers in both directions.
 */
final class JobsRoute implements Route {

    private static final Logger LOG = LoggerFactory.getLogger(JobsRoute.class);
    private static final String PREFIX = "/v1/jobs/";
    /** An upload refused early is read to its end up to this size, so the client sees the answer, not a reset. */
    private static final long DRAIN_LIMIT = 64L << 20;

    private final JobFiles files;
    private final Uploads uploads;
    private final JobsQuota quota;

    JobsRoute(JobFiles files, Uploads uploads, JobsQuota quota) {
        this.files = files;
        this.uploads = uploads;
        this.quota = quota;
    }

    /** {@code GET /v1/jobs}: every job with its file count and size, and the volumes' usage against the quota. */
    void listJobs(HttpExchange ex) throws IOException {
        JobsUsage usage = io(files::jobs);
        long used = io(quota::used);
        ObjectNode body = Json.object();
        ArrayNode jobs = body.putArray("jobs");
        for (JobSummary job : usage.jobs()) {
            jobs.addObject().put("job", job.job()).put("files", job.files()).put("bytes", job.bytes())
                    .put("modified", job.modified().toString());
        }
        body.put("usage_bytes", used);
        if (quota.limit().isPresent()) {
            body.put("quota_bytes", quota.limit().getAsLong());
        } else {
            body.putNull("quota_bytes");
        }
        Responses.json(ex, 200, body);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getRawPath();
        String rest = path.substring(PREFIX.length(), path.length() - (path.endsWith("/") ? 1 : 0));
        int slash = rest.indexOf('/');
        JobName job = new JobName(slash < 0 ? rest : rest.substring(0, slash));
        String tail = slash < 0 ? "" : rest.substring(slash + 1);
        String method = ex.getRequestMethod();
        if (tail.isEmpty() && method.equals("DELETE")) {
            deleteJob(ex, job);
        } else if (tail.equals("files") && !method.equals("PUT") && !method.equals("DELETE")) {
            listFiles(ex, job);
        } else if (tail.startsWith("files/")) {
            FilePath file = FilePath.fromUrl(tail.substring("files/".length()));
            switch (method) {
                case "PUT" -> upload(ex, job, file);
                case "DELETE" -> deleteFile(ex, job, file);
                default -> FileDownload.send(ex, io(() -> files.open(job, file)), file);
            }
        } else {
            throw new AgentException(Reason.NOT_FOUND, "no such endpoint: " + method + " " + PREFIX + job + "/"
                    + (tail.length() > 40 ? tail.substring(0, 40) + "..." : tail));
        }
    }

    private void listFiles(HttpExchange ex, JobName job) throws IOException {
        JobFiles.Listing listing = io(() -> files.list(job));
        ObjectNode body = Json.object().put("job", job.value());
        ArrayNode entries = body.putArray("files");
        for (FileEntry f : listing.files()) {
            entries.addObject().put("path", f.path()).put("size", f.size()).put("modified", f.modified().toString());
        }
        body.put("truncated", listing.truncated());
        Responses.json(ex, 200, body);
    }

    private void upload(HttpExchange ex, JobName job, FilePath file) throws IOException {
        InputStream body = ex.getRequestBody();
        Uploads.Stored stored;
        try {
            long declared = declaredLength(ex);
            stored = io(() -> uploads.store(job, file, body, declared));
        } catch (AgentException e) {
            drain(ex, body);
            throw e;
        }
        Responses.json(ex, 201, Json.object().put("job", job.value()).put("path", file.toString())
                .put("size", stored.size()).put("sha256", stored.sha256()));
    }

    private void deleteFile(HttpExchange ex, JobName job, FilePath file) throws IOException {
        boolean deleted = io(() -> files.delete(job, file));
        Responses.json(ex, 200, Json.object().put("job", job.value()).put("path", file.toString())
                .put("deleted", deleted));
    }

    private void deleteJob(HttpExchange ex, JobName job) throws IOException {
        boolean deleted = io(() -> files.deleteJob(job));
        Responses.json(ex, 200, Json.object().put("job", job.value()).put("deleted", deleted));
    }

    /** The request's Content-Length, or -1 for a chunked body. */
    private static long declaredLength(HttpExchange ex) {
        String value = ex.getRequestHeaders().getFirst("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(value.strip());
            if (length < 0) {
                throw new NumberFormatException(value);
            }
            return length;
        } catch (NumberFormatException e) {
            throw AgentException.invalid("Content-Length is not a number");
        }
    }

    /** Reads what is left of a refused upload (up to a limit; beyond it the connection is closed instead). */
    private static void drain(HttpExchange ex, InputStream body) {
        byte[] buffer = new byte[Uploads.BUFFER];
        long total = 0;
        try {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                total += n;
                if (total > DRAIN_LIMIT) {
                    ex.getResponseHeaders().set("Connection", "close");
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("client stopped sending a refused upload: {}", e.toString());
        }
    }

    /** A file-system call whose I/O failures (not the client's) become a 500 with the details only in the log. */
    private static <T> T io(IoCall<T> call) {
        try {
            return call.run();
        } catch (IOException e) {
            LOG.warn("file operation failed: {}", e.toString());
            throw new AgentException(Reason.INTERNAL, "the file operation failed", e);
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }
}
