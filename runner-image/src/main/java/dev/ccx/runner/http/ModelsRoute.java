package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.chat.ModelCatalog;
import dev.ccx.runner.chat.ModelEntry;
import java.io.IOException;

/** {@code GET /v1/models}: the static catalogue in cc-executor-docker's shape (spec 4). */
final class ModelsRoute implements Route {

    private static final long CREATED = 1_700_000_000L;

    private final ModelCatalog catalog;

    ModelsRoute(ModelCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        ObjectNode body = Json.object();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (ModelEntry m : catalog.entries()) {
            ObjectNode row = data.addObject();
            row.put("id", m.id());
            row.put("object", "model");
            row.put("created", CREATED);
            row.put("owned_by", m.ownedBy());
            m.slug().ifPresent(s -> row.put("slug", s));
            ArrayNode efforts = row.putArray("supported_efforts");
            m.efforts().forEach(efforts::add);
            if (m.defaultEffort().isPresent()) {
                row.put("default_effort", m.defaultEffort().get());
            } else {
                row.putNull("default_effort");
            }
        }
        Responses.json(ex, 200, body);
    }
}
