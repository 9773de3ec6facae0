package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The Anthropic Messages API objects of one run: the message, its single text block, the usage. */
final class MessageObjects {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private final String id = Ids.random("msg_");
    private final String model;

    MessageObjects(String model) {
        this.model = model;
    }

    /** The message; {@code result} null for the empty message {@code message_start} carries. */
    ObjectNode message(RunResult result) {
        ObjectNode m = NODES.objectNode();
        m.put("id", id).put("type", "message").put("role", "assistant").put("model", model);
        m.putArray("content");
        if (result == null) {
            m.putNull("stop_reason");
            m.putNull("stop_sequence");
            m.set("usage", usage(Optional.empty()));
            return m;
        }
        m.withArray("content").add(textBlock(result.text()));
        m.put("stop_reason", stopReason(result));
        m.putNull("stop_sequence");
        m.set("usage", usage(result.usage()));
        m.setAll(result.extras());
        return m;
    }

    static ObjectNode textBlock(String text) {
        return NODES.objectNode().put("type", "text").put("text", text);
    }

    /** The CLIs stop when the agent is done: {@code end_turn}; an output cap would be {@code max_tokens}. */
    static String stopReason(RunResult result) {
        return result.finishReason().orElse("stop").equals("length") ? "max_tokens" : "end_turn";
    }

    /**
     * Anthropic's split of the input: {@code input_tokens} are those not read from the cache; cache writes are not
     * reported apart by the runner and count as input.
     */
    static ObjectNode usage(Optional<RunEvent.Usage> usage) {
        RunEvent.Usage u = usage.orElse(new RunEvent.Usage(0, 0, 0, 0));
        ObjectNode node = NODES.objectNode();
        node.put("input_tokens", Math.max(0, u.input() - u.cached()));
        node.put("cache_creation_input_tokens", 0);
        node.put("cache_read_input_tokens", u.cached());
        node.put("output_tokens", u.output());
        return node;
    }
}
