package dev.ccx.fakemodel.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.SseStream;
import java.io.IOException;

/** Emits Responses API stream events, stamping each with its {@code type} and {@code sequence_number}. */
final class ResponseEvents {

    private final SseStream sse;
    private int sequence;

    ResponseEvents(SseStream sse) {
        this.sse = sse;
    }

    /** Sends an event of {@code type} whose remaining fields are {@code fields}. */
    void emit(String type, ObjectNode fields) throws IOException {
        ObjectNode event = Json.object().put("type", type).put("sequence_number", sequence++);
        event.setAll(fields);
        sse.event(type, event);
    }

    /** Fields addressing an output item: {@code item_id} and {@code output_index}. */
    static ObjectNode at(JsonNode item, int outputIndex) {
        return Json.object().put("item_id", item.get("id").asText()).put("output_index", outputIndex);
    }

    /** An {@code output_item.added/done} payload. */
    static ObjectNode item(JsonNode item, int outputIndex) {
        ObjectNode fields = Json.object().put("output_index", outputIndex);
        fields.set("item", item);
        return fields;
    }
}
