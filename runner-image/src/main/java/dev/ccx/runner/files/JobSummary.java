package dev.ccx.runner.files;

import java.time.Instant;

/**
 * One job directory as {@code GET /v1/jobs} reports it.
 *
 * @param job      the job's name
 * @param files    regular files in it (links and special files are not counted)
 * @param bytes    their total size
 * @param modified last modification of the job directory itself
 */
public record JobSummary(String job, long files, long bytes, Instant modified) {
}
