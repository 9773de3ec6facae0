package dev.ccx.fakemodel.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.script.Chunks;
import dev.ccx.fakemodel.script.Pacer;
import dev.ccx.fakemodel.script.Script;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Streams one finished output item as the Responses API does: added, its deltas, done. */
final class ItemStreamer {

    private final ResponseEvents events;
    private final Pacer pacer;
    private final Optional<Script.StreamPacing> pacing;

    ItemStreamer(ResponseEvents events, Pacer pacer, Optional<Script.StreamPacing> pacing) {
        this.events = events;
        this.pacer = pacer;
        this.pacing = pacing;
    }

    void stream(ObjectNode item, int index) throws IOException, InterruptedException {
        ObjectNode added = item.deepCopy();
        switch (item.get("type").asText()) {
            case "message" -> added.put("status", "in_progress").set("content", Json.array());
            case "reasoning" -> added.set("summary", Json.array());
            case "function_call" -> added.put("status", "in_progress").put("arguments", "");
            default -> added.put("status", "in_progress").put("input", "");
        }
        events.emit("response.output_item.added", ResponseEvents.item(added, index));
        switch (item.get("type").asText()) {
            case "message" -> message(item, index);
            case "reasoning" -> reasoning(item, index);
            case "function_call" -> arguments(item, index, "response.function_call_arguments", "arguments");
            default -> arguments(item, index, "response.custom_tool_call_input", "input");
        }
        events.emit("response.output_item.done", ResponseEvents.item(item, index));
    }

    private void message(ObjectNode item, int index) throws IOException, InterruptedException {
        ObjectNode part = (ObjectNode) item.get("content").get(0);
        String text = part.get("text").asText();
        ObjectNode emptyPart = part.deepCopy().put("text", "");
        events.emit("response.content_part.added", ResponseEvents.at(item, index).put("content_index", 0)
                .set("part", emptyPart));
        List<String> chunks = pacing.isPresent() ? Chunks.split(text, pacing.get().chunks()) : List.of(text);
        Duration delay = pacing.map(Script.StreamPacing::delay).orElse(Duration.ZERO);
        for (String chunk : chunks) {
            pacer.pause(delay);
            events.emit("response.output_text.delta", ResponseEvents.at(item, index).put("content_index", 0)
                    .put("delta", chunk).set("logprobs", Json.array()));
        }
        events.emit("response.output_text.done", ResponseEvents.at(item, index).put("content_index", 0)
                .put("text", text).set("logprobs", Json.array()));
        events.emit("response.content_part.done", ResponseEvents.at(item, index).put("content_index", 0)
                .set("part", part));
    }

    private void reasoning(ObjectNode item, int index) throws IOException {
        String text = item.get("summary").get(0).get("text").asText();
        ObjectNode at = ResponseEvents.at(item, index).put("summary_index", 0);
        events.emit("response.reasoning_summary_part.added", at.deepCopy()
                .set("part", Json.object().put("type", "summary_text").put("text", "")));
        events.emit("response.reasoning_summary_text.delta", at.deepCopy().put("delta", text));
        events.emit("response.reasoning_summary_text.done", at.deepCopy().put("text", text));
        events.emit("response.reasoning_summary_part.done", at.deepCopy()
                .set("part", Json.object().put("type", "summary_text").put("text", text)));
    }

    private void arguments(ObjectNode item, int index, String prefix, String field) throws IOException {
        String value = item.get(field).asText();
        events.emit(prefix + ".delta", ResponseEvents.at(item, index).put("delta", value));
        events.emit(prefix + ".done", ResponseEvents.at(item, index).put(field, value));
    }
}
