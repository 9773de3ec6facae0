package dev.ccx.fakemodel.script;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.fakemodel.http.Exchanges;
import dev.ccx.fakemodel.http.SseStream;
import java.io.IOException;
import java.io.InterruptedIOException;

/**
 * What both model APIs do with a planned turn: wait as the script says, then answer it as the API's error, as one
 * whole object, or (with {@code "stream": true}) as the API's event stream. Each API brings its {@link Dialect}.
 */
public final class TurnAnswer {

    /** How one API renders a turn. */
    public record Dialect(Whole whole, Stream stream, Error error) {}

    /** The non-streaming answer object. */
    public interface Whole {
        ObjectNode render(String model, Turn turn, Script.Usage usage);
    }

    /** The streamed answer, event by event. */
    public interface Stream {
        void write(SseStream sse, String model, Turn turn, Script.Usage usage) throws IOException, InterruptedException;
    }

    /** The API's error body for a status. */
    public interface Error {
        ObjectNode body(int status, String message);
    }

    private TurnAnswer() {
    }

    /** Answers {@code plan} for a request whose parsed body is {@code body}, naming {@code model} in the answer. */
    public static void send(HttpExchange exchange, RecordedRequest request, JsonNode body, Plan plan, String model,
            Pacer pacer, Dialect dialect) throws IOException {
        try {
            pacer.pause(plan.sleep());
            if (plan.turn() instanceof Turn.Failure failure) {
                ObjectNode error = dialect.error().body(failure.status(), failure.message());
                Exchanges.sendJson(exchange, failure.status(), error);
                return;
            }
            Script.Usage usage = TokenEstimate.usage(plan, request.body());
            if (body.path("stream").asBoolean(false)) {
                dialect.stream().write(SseStream.open(exchange), model, plan.turn(), usage);
            } else {
                pacer.pause(Turns.pacedDuration(plan.turn()));
                Exchanges.sendJson(exchange, 200, dialect.whole().render(model, plan.turn(), usage));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing");
        }
    }
}
