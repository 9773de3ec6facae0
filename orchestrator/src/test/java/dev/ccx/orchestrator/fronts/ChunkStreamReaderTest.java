package dev.ccx.orchestrator.fronts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChunkStreamReaderTest {

    static List<RunEvent> all(String stream) throws IOException {
        ChunkStreamReader reader = ChunkStreams.reader(stream);
        List<RunEvent> events = new ArrayList<>();
        for (Optional<RunEvent> e = reader.next(); e.isPresent(); e = reader.next()) {
            events.add(e.get());
        }
        return events;
    }

    @Test
    void a_runners_stream_reads_as_text_keepalive_finish_and_usage_events_until_done() throws IOException {
        List<RunEvent> events = all(ChunkStreams.hello());
        assertThat(events).hasSize(5);
        assertThat(events.get(0)).isEqualTo(new RunEvent.Text("Hel"));
        assertThat(events.get(1)).isInstanceOf(RunEvent.KeepAlive.class);
        assertThat(events.get(2)).isEqualTo(new RunEvent.Text("lo"));
        RunEvent.Finished finished = (RunEvent.Finished) events.get(3);
        assertThat(finished.reason()).isEqualTo("stop");
        assertThat(finished.extras().path("files").path("out.txt").asText()).isEqualTo("hi");
        assertThat(events.get(4)).isEqualTo(new RunEvent.Usage(2144, 4, 2000, 1));
    }

    @Test
    void an_error_chunk_is_a_failure_with_the_status_the_same_error_has_unstreamed() throws IOException {
        List<RunEvent> events = all(ChunkStreams.ROLE + ChunkStreams.text("Hel") + ChunkStreams.ERROR + ChunkStreams.DONE);
        assertThat(events).hasSize(2);
        RunEvent.Failed failed = (RunEvent.Failed) events.get(1);
        assertThat(failed.error().status()).isEqualTo(504);
        assertThat(failed.error().code()).isEqualTo("timeout");
        assertThat(failed.error().publicMessage()).isEqualTo("the claude run timed out after 30 s");
    }

    @Test
    void a_stream_that_stops_before_done_or_sends_garbage_ends_in_a_runner_failure() throws IOException {
        for (String broken : List.of(ChunkStreams.ROLE + ChunkStreams.text("Hel"), "data: {not json\n\n",
                "data: [1,2]\n\n")) {
            List<RunEvent> events = all(broken);
            RunEvent.Failed failed = (RunEvent.Failed) events.get(events.size() - 1);
            assertThat(failed.error().status()).as(broken).isEqualTo(502);
            assertThat(failed.error().code()).isEqualTo("runner_failed");
        }
    }

    @Test
    void crlf_line_endings_and_unicode_text_survive() throws IOException {
        String stream = ChunkStreams.text("Grüße 👋").replace("\n", "\r\n") + "data: [DONE]\r\n\r\n";
        assertThat(all(stream)).containsExactly(new RunEvent.Text("Grüße 👋"));
    }
}
