package dev.ccx.runner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void the_three_single_range_forms_resolve_against_the_file_size() {
        assertThat(ByteRange.parse("bytes=0-0", 10)).contains(new ByteRange(0, 0));
        assertThat(ByteRange.parse("bytes=3-5", 10)).contains(new ByteRange(3, 5));
        assertThat(ByteRange.parse("bytes=3-", 10)).contains(new ByteRange(3, 9));
        assertThat(ByteRange.parse("bytes=-4", 10)).contains(new ByteRange(6, 9));
        assertThat(ByteRange.parse(" bytes=2-99999999999999999999 ", 10)).contains(new ByteRange(2, 9));
        assertThat(ByteRange.parse("bytes=-99", 10)).contains(new ByteRange(0, 9));
        assertThat(new ByteRange(6, 9).length()).isEqualTo(4);
        assertThat(new ByteRange(6, 9).contentRange(10)).isEqualTo("bytes 6-9/10");
    }

    @Test
    void headers_a_server_may_ignore_mean_the_whole_file() {
        for (String header : List.of("bytes=1-2,4-5", "lines=1-2", "bytes=5-3", "bytes=-", "bytes=a-b", "bytes 1-2")) {
            assertThat(ByteRange.parse(header, 10)).as(header).isEqualTo(Optional.empty());
        }
        assertThat(ByteRange.parse(null, 10)).isEmpty();
    }

    @Test
    void ranges_beyond_the_end_or_of_nothing_are_unsatisfiable() {
        for (String header : List.of("bytes=10-", "bytes=10-12", "bytes=-0", "bytes=99999999999999999999-")) {
            assertThatThrownBy(() -> ByteRange.parse(header, 10)).as(header).isInstanceOf(AgentException.class)
                    .extracting(e -> ((AgentException) e).reason()).isEqualTo(Reason.RANGE_NOT_SATISFIABLE);
        }
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> ByteRange.parse("bytes=-5", 0)).hasMessageContaining("0 bytes");
    }
}
