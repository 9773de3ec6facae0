package dev.ccx.fakemodel.script;

import java.util.Objects;

/** A tool the client offered in its request's {@code tools} array. */
public record OfferedTool(String name, Kind kind) {

    /** How the model calls the tool. */
    public enum Kind {
        /** Arguments are a JSON object (Anthropic tools, OpenAI {@code function} tools). */
        FUNCTION,
        /** Input is free text (OpenAI {@code custom} tools such as codex's {@code apply_patch}). */
        FREEFORM,
        /** Anything run by the provider itself (web search and friends); never called by the fake. */
        HOSTED
    }

    public OfferedTool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
