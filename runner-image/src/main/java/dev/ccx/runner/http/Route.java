package dev.ccx.runner.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** Handles one method and path; throw {@link dev.ccx.runner.error.AgentException} for errors. */
@FunctionalInterface
public interface Route {

    void handle(HttpExchange exchange) throws IOException;
}
