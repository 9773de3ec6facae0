package dev.ccx.runner.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reads the fake model's request log: what a CLI sent back to the model shows which of its tools it ran. */
final class ModelRequests {

    private ModelRequests() {
    }

    /**
     * The names of the tool calls in the conversation history that the CLI sent back to the model, over every model
     * request whose body holds {@code marker}.
     */
    static List<String> toolCalls(List<RecordedRequest> requests, Provider provider, String marker) {
        String path = provider == Provider.CLAUDE ? "/v1/messages" : "/v1/responses";
        Set<String> names = new TreeSet<>();
        for (RecordedRequest r : requests) {
            if (!r.path().equals(path) || !r.body().contains(marker)) {
                continue;
            }
            JsonNode body = Json.parseLine(r.body()).orElseThrow(() -> new AssertionError("not JSON: " + r.body()));
            if (provider == Provider.CLAUDE) {
                body.path("messages").forEach(m -> m.path("content").forEach(block -> {
                    if ("tool_use".equals(block.path("type").asText())) {
                        names.add(block.path("name").asText());
                    }
                }));
            } else {
                body.path("input").forEach(item -> {
                    String type = item.path("type").asText();
                    if (type.equals("function_call") || type.equals("custom_tool_call")) {
                        names.add(item.path("name").asText());
                    }
                });
            }
        }
        return new ArrayList<>(names);
    }
}
