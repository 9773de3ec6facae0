package dev.ccx.fakemodel;

import dev.ccx.fakemodel.anthropic.AnthropicWriter;
import dev.ccx.fakemodel.http.Exchanges;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.Router;

/**
 * The routes that are not a model API: the connectivity probes the CLIs send ({@code HEAD /},
 * {@code HEAD /api/hello}) and the control API ({@code GET|DELETE /_requests}).
 */
final class ServiceRoutes {

    private final RequestLog log;
    private final Runnable reset;

    ServiceRoutes(RequestLog log, Runnable reset) {
        this.log = log;
        this.reset = reset;
    }

    void register(Router router) {
        for (String path : new String[] {"/", "/api/hello"}) {
            router.add("HEAD", path, (ex, r) -> Exchanges.sendJson(ex, 200, Json.object()), AnthropicWriter::error)
                    .add("GET", path, (ex, r) -> Exchanges.sendJson(ex, 200,
                            Json.object().put("service", "ccx-fake-model")), AnthropicWriter::error);
        }
        router.addUnrecorded("GET", "/_requests", (ex, r) -> Exchanges.sendJson(ex, 200, log.toJson()))
                .addUnrecorded("DELETE", "/_requests", (ex, r) -> {
                    reset.run();
                    Exchanges.sendEmpty(ex, 204);
                });
    }
}
