package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.runner.Ids;
import dev.ccx.runner.Json;
import dev.ccx.runner.chat.ChatResult;
import dev.ccx.runner.cli.TokenUsage;
import java.time.Instant;

/** The OpenAI {@code chat.completion} and {@code chat.completion.chunk} shapes, with ccx's extra fields. */
final class CompletionJson {

    private final String id;
    private final long created;
    private final String model;

    CompletionJson(String model) {
        this.id = "chatcmpl-" + Ids.hex(12);
        this.created = Instant.now().getEpochSecond();
        this.model = model;
    }

    /** The non-streaming response. */
    ObjectNode completion(ChatResult result) {
        ObjectNode body = head("chat.completion");
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", result.content());
        choice.put("finish_reason", "stop");
        body.set("usage", usage(result.usage()));
        extras(body, result);
        return body;
    }

    /** A chunk carrying {@code delta}. */
    ObjectNode delta(ObjectNode delta) {
        ObjectNode chunk = head("chat.completion.chunk");
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("finish_reason");
        return chunk;
    }

    /** The first chunk: the assistant role. */
    ObjectNode roleChunk() {
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return delta(delta);
    }

    ObjectNode textChunk(String text) {
        ObjectNode delta = Json.object();
        delta.put("content", text);
        return delta(delta);
    }

    /** The last content chunk: {@code finish_reason} plus {@code files} and {@code fallback} when present. */
    ObjectNode finishChunk(ChatResult result) {
        ObjectNode chunk = delta(Json.object());
        ((ObjectNode) chunk.withArray("choices").get(0)).put("finish_reason", "stop");
        extras(chunk, result);
        return chunk;
    }

    /** The {@code stream_options.include_usage} chunk: no choices, only usage. */
    ObjectNode usageChunk(TokenUsage usage) {
        ObjectNode chunk = head("chat.completion.chunk");
        chunk.putArray("choices");
        chunk.set("usage", usage(usage));
        return chunk;
    }

    private ObjectNode head(String object) {
        ObjectNode body = Json.object();
        body.put("id", id);
        body.put("object", object);
        body.put("created", created);
        body.put("model", model);
        return body;
    }

    private static void extras(ObjectNode body, ChatResult result) {
        result.fallback().ifPresent(f -> {
            ObjectNode fallback = body.putObject("fallback");
            fallback.put("from", f.from());
            fallback.put("to", f.to());
        });
        result.files().ifPresent(files -> {
            ObjectNode out = body.putObject("files");
            files.forEach(out::put);
        });
    }

    static ObjectNode usage(TokenUsage u) {
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", u.prompt());
        usage.put("completion_tokens", u.completion());
        usage.put("total_tokens", u.total());
        usage.putObject("prompt_tokens_details").put("cached_tokens", u.cached());
        usage.putObject("completion_tokens_details").put("reasoning_tokens", u.reasoning());
        return usage;
    }
}
