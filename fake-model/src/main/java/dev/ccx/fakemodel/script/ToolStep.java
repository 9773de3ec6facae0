package dev.ccx.fakemodel.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.fakemodel.http.Json;
import java.util.Objects;

/** One scripted tool call, in provider-neutral terms, that the fake model asks the agent to make. */
public sealed interface ToolStep {

    /** A human-readable label used in the final answer next to the step's output. */
    String label();

    /** Run a shell command with the agent's shell tool. */
    record Bash(String command) implements ToolStep {
        public Bash {
            Objects.requireNonNull(command, "command");
            if (command.isBlank()) {
                throw new DirectiveException("@fake bash needs a command");
            }
        }

        @Override
        public String label() {
            return "bash " + command;
        }
    }

    /** Write a file with the agent's file-writing tool (or its shell when none is offered). */
    record Write(String path, String content) implements ToolStep {
        public Write {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(content, "content");
            if (path.isBlank()) {
                throw new DirectiveException("@fake write needs a path");
            }
        }

        @Override
        public String label() {
            return "write " + path;
        }
    }

    /** Call any offered tool by name with the given JSON arguments (or raw input for freeform tools). */
    record Call(String toolName, String arguments) implements ToolStep {
        public Call {
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(arguments, "arguments");
        }

        @Override
        public String label() {
            return "tool " + toolName;
        }

        /** The arguments re-serialised compactly; throws when they are not a JSON object. */
        public String jsonObject() {
            try {
                JsonNode node = Json.MAPPER.readTree(arguments);
                if (node != null && node.isObject()) {
                    return Json.write(node);
                }
            } catch (JsonProcessingException e) {
                // reported below
            }
            throw new DirectiveException("@fake tool " + toolName + " needs a JSON object, got: " + arguments);
        }
    }
}
