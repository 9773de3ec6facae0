package dev.ccx.runner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ccx.runner.cli.Cancellation;
import dev.ccx.runner.cli.RunGuard;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The jobs quota against what processes write: measured on disk, enforced while they write, strays included. */
@Timeout(60)
class JobsWatchdogTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    private Process writer;

    @AfterEach
    void stopWriter() {
        if (writer != null) {
            writer.descendants().forEach(ProcessHandle::destroyForcibly);
            writer.destroyForcibly();
        }
    }

    private JobsWatchdog watchdog(long quota) {
        return new JobsWatchdog(List.of(dir.resolve("jobs"), dir.resolve("claude")), quota, Duration.ofMillis(100),
                () -> writer == null ? Stream.empty() : Stream.concat(Stream.of(writer.toHandle()), writer.descendants()));
    }

    /** Starts {@code script} (sh) in the background; it stands for an agent's tool that keeps writing. */
    private void startWriter(String script) throws Exception {
        writer = new ProcessBuilder("sh", "-c", script).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void usage_counts_disk_blocks_and_charges_every_entry_at_least_4_kib() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs/j"));
        for (int i = 0; i < 100; i++) {
            Files.createFile(jobs.resolve("empty-" + i));
        }
        Files.write(jobs.resolve("data"), new byte[(int) MIB]);
        long sparse = new ProcessBuilder("truncate", "-s", "10G", jobs.resolve("sparse").toString()).start().waitFor();

        long used = VolumeUsage.measure(List.of(dir.resolve("jobs"), dir.resolve("missing")));

        System.out.printf("100 empty files + 1 MiB + a 10 GiB sparse file (truncate exit %d): %d bytes%n", sparse, used);
        assertThat(used).isGreaterThanOrEqualTo(100 * VolumeUsage.ENTRY_MINIMUM + MIB).isLessThan(2 * MIB);
    }

    @Test
    void preallocated_blocks_count_even_when_the_file_size_stays_zero() throws Exception {
        Path file = Files.createFile(Files.createDirectories(dir.resolve("jobs")).resolve("hidden"));
        int exit = new ProcessBuilder("fallocate", "--keep-size", "-l", "8M", file.toString()).start().waitFor();
        assertThat(exit).as("fallocate --keep-size (ext4, xfs, btrfs and tmpfs support it)").isZero();

        long used = VolumeUsage.measure(List.of(dir.resolve("jobs")));

        System.out.printf("a 0-byte file with 8 MiB preallocated: size %d, counted %d bytes%n", Files.size(file), used);
        assertThat(Files.size(file)).isZero();
        assertThat(used).isGreaterThanOrEqualTo(8 * MIB);
    }

    @Test
    void a_directory_made_unreadable_is_still_counted_and_given_back_to_its_owner() throws Exception {
        Path hidden = Files.createDirectories(dir.resolve("jobs/a/hidden/deeper"));
        Files.write(hidden.resolve("big"), new byte[(int) (3 * MIB)]);
        Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("---------"));
        Files.setPosixFilePermissions(hidden.getParent(), PosixFilePermissions.fromString("---------"));

        long used = VolumeUsage.measure(List.of(dir.resolve("jobs")));

        assertThat(used).isGreaterThanOrEqualTo(3 * MIB);
        assertThat(Files.isReadable(hidden)).isTrue();
    }

    @Test
    void a_run_that_writes_past_the_quota_is_stopped_with_507_and_its_writer_killed() throws Exception {
        Files.createDirectories(dir.resolve("jobs"));
        JobsWatchdog watchdog = watchdog(4 * MIB);
        Cancellation run = new Cancellation();

        try (RunGuard.Watch watch = watchdog.watch(run)) {
            startWriter("i=0; while :; do head -c 262144 /dev/zero > jobs/f$i; i=$((i+1)); done");
            awaitCancelled(run, Duration.ofSeconds(20));
        }

        assertThat(Processes.awaitGone(writer.pid(), Duration.ofSeconds(5))).as("writer killed").isTrue();
        AgentException why = run.reason().orElseThrow();
        long used = VolumeUsage.measure(List.of(dir.resolve("jobs")));
        System.out.printf("stopped at %d bytes for a quota of %d: %s%n", used, 4 * MIB, why.getMessage());
        assertThat(why.reason()).isEqualTo(Reason.QUOTA_EXHAUSTED);
        assertThat(why.reason().status()).isEqualTo(507);
        assertThat(why.getMessage()).contains("over the jobs quota of 4194304 bytes (4.0 MiB)", "the run was stopped")
                .doesNotContain(dir.toString());
        assertThat(used).as("overshoot stays bounded").isLessThan(1024 * MIB);
    }

    @Test
    void a_stray_that_outlives_its_run_is_stopped_too() throws Exception {
        Files.createDirectories(dir.resolve("claude"));
        JobsWatchdog watchdog = watchdog(2 * MIB);
        Cancellation run = new Cancellation();
        watchdog.watch(run).close();

        startWriter("sleep 0.3; i=0; while :; do head -c 262144 /dev/zero > claude/f$i; i=$((i+1)); done");
        watchdog.watch(new Cancellation()).close();

        assertThat(Processes.awaitGone(writer.pid(), Duration.ofSeconds(20))).as("stray writer killed").isTrue();
        assertThat(run.isCancelled()).as("a finished run is left alone").isFalse();
    }

    @Test
    void no_run_starts_while_the_volumes_are_over_quota_and_one_starts_again_after_cleaning_up() throws Exception {
        Path big = Files.createDirectories(dir.resolve("jobs")).resolve("big");
        Files.write(big, new byte[(int) (3 * MIB)]);
        JobsWatchdog watchdog = watchdog(2 * MIB);

        AgentException refused = catchThrowableOfType(AgentException.class, () -> watchdog.watch(new Cancellation()));
        Files.delete(big);

        assertThat(refused.reason()).isEqualTo(Reason.QUOTA_EXHAUSTED);
        assertThat(refused.getMessage()).contains("delete files or jobs before starting another run");
        watchdog.watch(new Cancellation()).close();
    }

    @Test
    void a_run_that_ends_over_the_quota_between_two_measurements_still_fails_with_507() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        JobsWatchdog watchdog = new JobsWatchdog(List.of(jobs), 2 * MIB, Duration.ofHours(1), Stream::empty);

        AgentException refused;
        try (RunGuard.Watch watch = watchdog.watch(new Cancellation())) {
            Files.write(jobs.resolve("big"), new byte[(int) (3 * MIB)]);
            refused = catchThrowableOfType(AgentException.class, watch::finish);
        }

        assertThat(refused.reason()).isEqualTo(Reason.QUOTA_EXHAUSTED);
        assertThat(refused.getMessage()).contains("the run left them there");
    }

    private static void awaitCancelled(Cancellation run, Duration max) throws InterruptedException {
        long end = System.nanoTime() + max.toNanos();
        while (!run.isCancelled() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(run.isCancelled()).as("cancelled within " + max).isTrue();
    }
}
