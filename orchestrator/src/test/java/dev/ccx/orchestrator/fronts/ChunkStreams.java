package dev.ccx.orchestrator.fronts;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Runner chunk streams as the runner writes them (docs/runner-protocol.md), for translation tests. */
final class ChunkStreams {
    static final String ROLE = chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null");
    static final String FINISH = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
            + "\"delta\":{},\"finish_reason\":\"stop\"}],\"files\":{\"out.txt\":\"hi\"}}\n\n";
    static final String USAGE = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
            + "\"usage\":{\"prompt_tokens\":2144,\"completion_tokens\":4,\"total_tokens\":2148,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":2000},\"completion_tokens_details\":{\"reasoning_tokens\":1}}}\n\n";
    static final String DONE = "data: [DONE]\n\n";
    static final String ERROR = "data: {\"error\":{\"message\":\"the claude run timed out after 30 s\","
            + "\"type\":\"timeout_error\",\"code\":\"timeout\",\"param\":null}}\n\n";

    private ChunkStreams() {}

    static String text(String text) {
        return chunk("{\"content\":\"" + text + "\"}", "null");
    }

    private static String chunk(String delta, String finish) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"sonnet\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finish + "}]}\n\n";
    }

    /** A whole successful run answering "Hello" in two chunks, with a keep-alive in between. */
    static String hello() {
        return ROLE + text("Hel") + ": keepalive\n\n" + text("lo") + FINISH + USAGE + DONE;
    }

    static ChunkStreamReader reader(String stream) {
        return new ChunkStreamReader(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
    }
}
