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
 * The user's job directories, each with its regular files and their bytes, walked through handles without
 * following links (what the jobs quota counts is {@link JobsQuota#used()}).
 *
 * @param jobs the job directories, by name
 */
public record JobsUsage(List<JobSummary> jobs) {

    public JobsUsage {
        jobs = List.copyOf(jobs);
    }

    /** Walks {@code root}, leaving out entries {@code skip} names (uploads in flight). */
    static JobsUsage walk(Path root, Predicate<String> skip) throws IOException {
        List<JobSummary> jobs = new ArrayList<>();
        try (SecureDirectoryStream<Path> dir = Dirs.openRoot(root)) {
            for (String name : Dirs.names(dir)) {
                Optional<BasicFileAttributes> attrs = JobName.isValid(name) ? Dirs.stat(dir, name) : Optional.empty();
                if (attrs.isPresent() && attrs.get().isDirectory()) {
                    jobs.add(summary(dir, name, attrs.get(), skip));
                }
            }
        }
        return new JobsUsage(jobs);
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
