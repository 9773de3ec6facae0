package dev.ccx.fakemodel;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.Json;
import java.util.ArrayList;
import java.util.List;

/** The requests the server has received, in arrival order; safe for concurrent handlers. */
final class RequestLog {

    private final List<RecordedRequest> requests = new ArrayList<>();

    synchronized void add(RecordedRequest request) {
        requests.add(request);
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(requests);
    }

    synchronized void clear() {
        requests.clear();
    }

    /** The log as the control API's JSON list. */
    ArrayNode toJson() {
        ArrayNode list = Json.array();
        for (RecordedRequest r : snapshot()) {
            ObjectNode o = list.addObject().put("receivedAt", r.receivedAt().toString())
                    .put("method", r.method()).put("path", r.path()).put("query", r.query());
            o.set("headers", Json.MAPPER.valueToTree(r.headers()));
            o.put("body", r.body());
        }
        return list;
    }
}
