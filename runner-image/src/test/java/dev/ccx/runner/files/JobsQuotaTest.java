package dev.ccx.runner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JobsQuotaTest {

    private final MovableClock clock = new MovableClock();
    private final AtomicLong measured = new AtomicLong();

    private JobsQuota quota(long limit) {
        return new JobsQuota(OptionalLong.of(limit), measured::get, clock);
    }

    @Test
    void concurrent_uploads_share_the_quota_and_a_finished_one_keeps_its_share() throws Exception {
        JobsQuota quota = quota(1000);
        JobsQuota.Upload first = quota.begin(".ccx-upload-1", 0, -1);
        JobsQuota.Upload second = quota.begin(".ccx-upload-2", 0, -1);
        first.grow(600);

        assertThatThrownBy(() -> second.grow(500)).extracting(e -> ((AgentException) e).reason())
                .isEqualTo(Reason.QUOTA_EXHAUSTED);
        second.close();
        first.commit();
        assertThatThrownBy(() -> quota.begin(".ccx-upload-3", 0, 401)).extracting(e -> ((AgentException) e).reason())
                .isEqualTo(Reason.QUOTA_EXCEEDED);
        quota.begin(".ccx-upload-4", 0, 400).close();
    }

    @Test
    void a_replaced_file_counts_as_free_space_for_its_replacement() throws Exception {
        JobsQuota quota = quota(1000);
        measured.set(900);

        assertThatThrownBy(() -> quota.begin(".ccx-upload-1", 0, 200)).hasMessageContaining("900 bytes in use");
        JobsQuota.Upload replacing = quota.begin(".ccx-upload-2", 800, 900);
        replacing.grow(900);
        replacing.commit();
        assertThatThrownBy(() -> quota.begin(".ccx-upload-3", 0, 1)).extracting(e -> ((AgentException) e).reason())
                .isEqualTo(Reason.QUOTA_EXCEEDED);
    }

    @Test
    void an_abandoned_upload_gives_its_share_back() throws Exception {
        JobsQuota quota = quota(1000);
        JobsQuota.Upload upload = quota.begin(".ccx-upload-1", 0, -1);
        upload.grow(900);

        upload.close();

        quota.begin(".ccx-upload-2", 0, 1000).close();
    }

    @Test
    void the_walked_usage_is_trusted_for_a_while_and_then_walked_again() throws Exception {
        JobsQuota quota = quota(1000);
        quota.begin(".ccx-upload-1", 0, 10).close();
        measured.set(995); // the agent wrote a file

        quota.begin(".ccx-upload-2", 0, 10).close();
        clock.advance(JobsQuota.FRESH.plusSeconds(1));

        assertThatThrownBy(() -> quota.begin(".ccx-upload-3", 0, 10)).hasMessageContaining("995 bytes in use");
    }

    @Test
    void an_unlimited_quota_never_refuses_and_still_tracks_uploads_in_flight() throws Exception {
        JobsQuota quota = new JobsQuota(OptionalLong.empty(), measured::get, clock);
        JobsQuota.Upload upload = quota.begin(".ccx-upload-1", 0, Long.MAX_VALUE / 2);
        upload.grow(Long.MAX_VALUE / 2);

        assertThat(quota.inFlight(".ccx-upload-1")).isTrue();
        upload.commit();
        assertThat(quota.inFlight(".ccx-upload-1")).isFalse();
    }

    /** A clock tests move by hand. */
    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
