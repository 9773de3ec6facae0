package dev.ccx.runner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls the agent's job-file endpoints with raw (still percent-encoded) paths and byte bodies; paths that an HTTP
 * client library might normalise ({@code ..}) are sent over a plain socket exactly as written.
 */
public final class FilesClient {

    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public FilesClient(int port) {
        this.port = port;
    }

    /** Status, headers and body of a call. */
    public record Reply(int status, HttpResponse<byte[]> raw) {
        public String text() {
            return new String(raw.body(), StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Json.parse(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + text(), e);
            }
        }

        public String code() {
            return json().path("error").path("code").asText();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    public Reply put(String path, byte[] body) {
        return send("PUT", path, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A PUT with chunked transfer encoding (no Content-Length), as a streaming client sends it. */
    public Reply putChunked(String path, InputStream body) {
        return send("PUT", path, HttpRequest.BodyPublishers.ofInputStream(() -> body));
    }

    public Reply delete(String path) {
        return send("DELETE", path, HttpRequest.BodyPublishers.noBody());
    }

    public Reply send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body).timeout(Duration.ofSeconds(60));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> r = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code method path} verbatim over a socket (no normalisation) and returns the status line's code. */
    public int rawStatus(String method, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n"
                    + "Connection: close\r\n\r\nhi").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    /** Starts a PUT that declares {@code declared} bytes; the caller writes (part of) the body and closes. */
    public Socket startUpload(String path, long declared) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("PUT " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
                + declared + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }
}
