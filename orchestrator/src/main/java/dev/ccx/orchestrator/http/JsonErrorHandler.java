package dev.ccx.orchestrator.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty-level errors (malformed URIs or headers rejected before routing) in the same JSON shape as every other
 * error, never Jetty's HTML page and never its internal message.
 */
final class JsonErrorHandler extends ErrorHandler {
    /** Every method gets the body: Jetty's default writes none for PUT or DELETE, which left those bare. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String type = code >= 500 ? "server_error" : "invalid_request_error";
        String text = code >= 500 ? "internal error" : "the request is malformed (status " + code + ")";
        byte[] body = ErrorBody.json(text, type, "http_" + code).getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        // Jetty drops the connection after a request it could not parse; say so, or keep-alive clients reuse it
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
