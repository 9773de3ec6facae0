package dev.ccx.runner.files;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The user's jobs quota ({@code CCX_JOBS_QUOTA_BYTES}) on uploads: what the volumes hold (measured by a
 * {@link Meter}, the same {@link VolumeUsage} the {@link JobsWatchdog} holds agents to, and measured again when
 * older than {@link #FRESH} since the agent writes files too) plus what uploads in flight have written so far,
 * minus the files they will replace (a measurement taken while another upload streams counts that one twice,
 * erring on the safe side). An upload that declares too much is refused up front (413); one that runs over while
 * streaming is stopped (507).
 */
public final class JobsQuota {

    /** How long a measured usage is trusted before an upload measures the volumes again. */
    public static final Duration FRESH = Duration.ofSeconds(10);

    /** Measures the bytes that count against the quota. */
    @FunctionalInterface
    public interface Meter {
        long measure() throws IOException;
    }

    private final Meter meter;
    private final OptionalLong limit;
    private final Clock clock;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private long used;
    private Instant walkedAt;
    private long pending;

    public JobsQuota(OptionalLong limit, Meter meter, Clock clock) {
        this.meter = meter;
        this.limit = limit;
        this.clock = clock;
    }

    /** The quota in bytes; empty when unlimited. */
    public OptionalLong limit() {
        return limit;
    }

    /** True for the temporary file of an upload in progress (hidden from listings). */
    boolean inFlight(String name) {
        return inFlight.contains(name);
    }

    /** Measures the volumes now (and remembers the result for uploads). */
    public long used() throws IOException {
        long measured = meter.measure();
        synchronized (this) {
            used = measured;
            walkedAt = clock.instant();
        }
        return measured;
    }

    /** Forgets the measured usage (after deletions), so the next upload measures again. */
    synchronized void invalidate() {
        walkedAt = null;
    }

    /**
     * Starts accounting an upload into temporary file {@code temp} that replaces {@code replaced} bytes and declares
     * {@code declared} bytes (negative: unknown); a 413 when the declared size cannot fit.
     */
    Upload begin(String temp, long replaced, long declared) throws IOException {
        if (limit.isPresent()) {
            synchronized (this) {
                if (walkedAt == null || walkedAt.plus(FRESH).isBefore(clock.instant())) {
                    used = meter.measure();
                    walkedAt = clock.instant();
                }
                if (declared >= 0 && used + pending + declared - replaced > limit.getAsLong()) {
                    throw new AgentException(Reason.QUOTA_EXCEEDED, "the upload of " + declared
                            + " bytes would exceed the jobs quota of " + describe(limit.getAsLong()) + " ("
                            + used + " bytes in use); delete files or jobs first");
                }
                pending -= replaced;
            }
        }
        inFlight.add(temp);
        return new Upload(temp, -replaced);
    }

    private static String describe(long bytes) {
        return bytes + " bytes (" + String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0) + " MiB)";
    }

    /** One upload's share of the quota; closing without {@link #commit()} gives it back. */
    final class Upload implements AutoCloseable {
        private final String temp;
        private long charged;
        private boolean done;

        private Upload(String temp, long charged) {
            this.temp = temp;
            this.charged = charged;
        }

        /** Accounts {@code n} more bytes written; a 507 once the quota is used up. */
        void grow(long n) {
            if (limit.isEmpty()) {
                return;
            }
            synchronized (JobsQuota.this) {
                charged += n;
                pending += n;
                if (used + pending > limit.getAsLong()) {
                    throw new AgentException(Reason.QUOTA_EXHAUSTED, "the jobs quota of "
                            + describe(limit.getAsLong()) + " ran out during the upload; the partial file was removed");
                }
            }
        }

        /** The file is in place: its bytes now count as used. */
        void commit() {
            finish(true);
        }

        @Override
        public void close() {
            finish(false);
        }

        private void finish(boolean committed) {
            if (done) {
                return;
            }
            done = true;
            inFlight.remove(temp);
            if (limit.isPresent()) {
                synchronized (JobsQuota.this) {
                    pending -= charged;
                    if (committed) {
                        used += charged;
                    }
                }
            }
        }
    }
}
