package dev.ccx.fakemodel.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Test helper: parses an SSE body into (event name, JSON data) frames. */
public final class SseFrames {

    /** One parsed frame. */
    public record Frame(String event, JsonNode data) {
    }

    private SseFrames() {
    }

    public static List<Frame> parse(String body) {
        List<Frame> frames = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = null;
            String data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = line.substring(6);
                }
            }
            frames.add(new Frame(event, Json.parse(data)));
        }
        return frames;
    }

    public static List<String> names(List<Frame> frames) {
        return frames.stream().map(Frame::event).toList();
    }
}
