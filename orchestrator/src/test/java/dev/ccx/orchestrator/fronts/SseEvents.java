package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Parses a server-sent-events body into its events (comments skipped), as an SSE client would. */
final class SseEvents {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One event: its {@code event:} name (null when absent) and its {@code data:} parsed as JSON. */
    record Event(String name, JsonNode data) {}

    private SseEvents() {}

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            String name = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    name = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            if (data.length() > 0) {
                events.add(new Event(name, json(data.toString())));
            }
        }
        return events;
    }

    static List<String> names(List<Event> events) {
        return events.stream().map(Event::name).toList();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
