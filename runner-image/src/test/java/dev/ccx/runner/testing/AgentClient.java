package dev.ccx.runner.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small HTTP client for the agent in tests: JSON calls, and a raw socket for reading SSE line by line. */
public final class AgentClient {

    private final String base;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public AgentClient(String host, int port) {
        this.base = "http://" + host + ":" + port;
        this.port = port;
    }

    /** Status and parsed JSON body of a call. */
    public record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Reply post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply post(String path, String body, String header, String value) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? Json.object() : Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens a raw HTTP/1.1 POST whose response is read line by line (headers, then chunked SSE). */
    public Stream stream(String path, String body) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(30_000);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
        return new Stream(socket);
    }

    /** The lines of a streamed response; chunk-size lines of the chunked encoding are left in. */
    public static final class Stream implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        Stream(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The next line, or null at the end. */
        public String readLine() throws IOException {
            return in.readLine();
        }

        /** Reads until a line starting with {@code prefix}; returns it (null at the end of the stream). */
        public String readUntil(String prefix) throws IOException {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
