package dev.ccx.runner.files;

import java.time.Instant;

/**
 * One regular file of a job as a listing reports it.
 *
 * @param path     relative to the job directory, {@code /}-separated
 * @param size     bytes
 * @param modified last modification
 */
public record FileEntry(String path, long size, Instant modified) {
}
