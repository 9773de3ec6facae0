package dev.ccx.runner.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a user keeps in the jobs volume: each job with its files and bytes, and the total over the whole volume
 * (files the agent wrote outside job directories count too). Walked through handles, never following links.
 *
 * @param jobs       the job directories, by name
 * @param totalBytes bytes of every regular file in the volume
 */
public record JobsUsage(List<JobSummary> jobs, long totalBytes) {

    public JobsUsage {
        jobs = List.copyOf(jobs);
    }

    /** Walks {@code root}, leaving out entries {@code skip} names (uploads in flight, counted separately). */
    static JobsUsage walk(Path root, Predicate<String> skip) throws IOException {
        List<JobSummary> jobs = new ArrayList<>();
        long total = 0;
        try (SecureDirectoryStream<Path> dir = Dirs.openRoot(root)) {
            for (String name : Dirs.names(dir)) {
                Optional<BasicFileAttributes> attrs = skip.test(name) ? Optional.empty() : Dirs.stat(dir, name);
                if (attrs.isEmpty() || attrs.get().isSymbolicLink()) {
                    continue;
                }
                if (attrs.get().isRegularFile()) {
                    total += attrs.get().size();
                } else if (attrs.get().isDirectory()) {
                    JobSummary job = summary(dir, name, attrs.get(), skip);
                    total += job.bytes();
                    if (JobName.isValid(name)) {
                        jobs.add(job);
                    }
                }
            }
        }
        return new JobsUsage(jobs, total);
    }

    private static JobSummary summary(SecureDirectoryStream<Path> root, String name, BasicFileAttributes attrs,
                                      Predicate<String> skip) throws IOException {
        long[] count = {0, 0};
        try (SecureDirectoryStream<Path> job = Dirs.openDir(root, name)) {
            TreeWalk.files(job, "", 1, skip, (path, file) -> {
                count[0]++;
                count[1] += file.size();
                return true;
            });
        } catch (IOException | RuntimeException e) {
            // replaced or removed while walking: it no longer holds anything here
        }
        return new JobSummary(name, count[0], count[1],
                attrs.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.MILLIS));
    }
}
