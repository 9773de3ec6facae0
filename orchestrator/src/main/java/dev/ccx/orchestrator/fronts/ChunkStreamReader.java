package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.Bodies;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads the runner's {@code chat.completion.chunk} SSE stream as {@link RunEvent}s, as they arrive. The stream ends
 * at {@code data: [DONE]}; one that stops before it, or sends something unreadable, ends with a {@code Failed}
 * event. The runner is untrusted, so no line may exceed {@link #MAX_LINE_BYTES}.
 */
final class ChunkStreamReader {
    static final int MAX_LINE_BYTES = 64 << 20;
    private final InputStream in;
    private final Deque<RunEvent> pending = new ArrayDeque<>();
    private boolean ended;

    ChunkStreamReader(InputStream in) {
        this.in = new BufferedInputStream(in, 16 * 1024);
    }

    /** The next event, or empty once the stream has ended; read failures are the stream's {@code IOException}s. */
    Optional<RunEvent> next() throws IOException {
        while (pending.isEmpty() && !ended) {
            String line = readLine();
            if (line == null) {
                ended = true;
                pending.add(new RunEvent.Failed(RunnerErrors.broken(null)));
            } else if (line.startsWith(":")) {
                pending.add(new RunEvent.KeepAlive());
            } else if (line.startsWith("data:")) {
                data(line.substring(5).strip());
            }
        }
        return Optional.ofNullable(pending.poll());
    }

    private void data(String payload) {
        if (payload.equals("[DONE]")) {
            ended = true;
            return;
        }
        JsonNode chunk;
        try {
            chunk = Bodies.mapper().readTree(payload);
        } catch (IOException e) {
            chunk = null;
        }
        if (chunk == null || !chunk.isObject()) {
            fail();
            return;
        }
        if (chunk.has("error")) {
            ended = true;
            pending.add(new RunEvent.Failed(RunnerErrors.fromChunk(chunk.get("error"))));
            return;
        }
        JsonNode choice = chunk.path("choices").path(0);
        String content = choice.path("delta").path("content").asText("");
        if (!content.isEmpty()) {
            pending.add(new RunEvent.Text(content));
        }
        if (choice.path("finish_reason").isTextual()) {
            pending.add(new RunEvent.Finished(choice.get("finish_reason").asText(), extras(chunk)));
        }
        if (chunk.path("usage").isObject()) {
            pending.add(usage(chunk.get("usage")));
        }
    }

    private void fail() {
        ended = true;
        pending.add(new RunEvent.Failed(RunnerErrors.broken(null)));
    }

    private static ObjectNode extras(JsonNode chunk) {
        ObjectNode extras = JsonNodeFactory.instance.objectNode();
        for (String field : new String[] {"files", "fallback"}) {
            if (chunk.path(field).isObject()) {
                extras.set(field, chunk.get(field));
            }
        }
        return extras;
    }

    private static RunEvent.Usage usage(JsonNode usage) {
        return new RunEvent.Usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong());
    }

    /** One line without its terminator (LF or CRLF), or null at the end of the stream. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_LINE_BYTES) {
                throw new IOException("runner stream line exceeds " + MAX_LINE_BYTES + " bytes");
            }
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
