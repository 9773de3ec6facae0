package dev.ccx.fakemodel.script;

import java.util.Objects;

/** A concrete tool call for the wire: tool name, its kind and the arguments JSON (or freeform input). */
public record ToolInvocation(String toolName, OfferedTool.Kind kind, String input) {

    public ToolInvocation {
        Objects.requireNonNull(toolName, "toolName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(input, "input");
    }
}
