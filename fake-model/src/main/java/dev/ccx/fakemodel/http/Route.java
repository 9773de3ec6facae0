package dev.ccx.fakemodel.http;

import com.sun.net.httpserver.HttpExchange;
import dev.ccx.fakemodel.RecordedRequest;
import java.io.IOException;

/** Handles one method and path of the fake API; the body is already read into {@code request}. */
@FunctionalInterface
public interface Route {

    void handle(HttpExchange exchange, RecordedRequest request) throws IOException;
}
