package dev.ccx.fakemodel.anthropic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.script.OfferedTool;
import dev.ccx.fakemodel.script.ShellCommands;
import dev.ccx.fakemodel.script.ToolInvocation;
import dev.ccx.fakemodel.script.ToolMapper;
import dev.ccx.fakemodel.script.ToolStep;
import java.util.List;
import java.util.Optional;

/** Maps scripted steps onto Claude Code's tools: {@code Bash {command}} and {@code Write {file_path, content}}. */
public final class AnthropicToolMapper implements ToolMapper {

    static final String BASH = "Bash";
    static final String WRITE = "Write";

    @Override
    public Optional<ToolInvocation> map(ToolStep step, List<OfferedTool> offered, Optional<String> cwd) {
        if (step instanceof ToolStep.Bash bash) {
            return bash(bash.command(), offered);
        }
        if (step instanceof ToolStep.Write write) {
            if (has(offered, WRITE)) {
                ObjectNode args = Json.object()
                        .put("file_path", ShellCommands.absolute(write.path(), cwd))
                        .put("content", write.content());
                return Optional.of(new ToolInvocation(WRITE, OfferedTool.Kind.FUNCTION, Json.write(args)));
            }
            return bash(ShellCommands.writeFile(write.path(), write.content()), offered);
        }
        ToolStep.Call call = (ToolStep.Call) step;
        if (!has(offered, call.toolName())) {
            return Optional.empty();
        }
        return Optional.of(new ToolInvocation(call.toolName(), OfferedTool.Kind.FUNCTION, call.jsonObject()));
    }

    private static Optional<ToolInvocation> bash(String command, List<OfferedTool> offered) {
        if (!has(offered, BASH)) {
            return Optional.empty();
        }
        ObjectNode args = Json.object().put("command", command).put("description", "fake-model scripted command");
        return Optional.of(new ToolInvocation(BASH, OfferedTool.Kind.FUNCTION, Json.write(args)));
    }

    private static boolean has(List<OfferedTool> offered, String name) {
        return offered.stream().anyMatch(t -> t.name().equals(name) && t.kind() == OfferedTool.Kind.FUNCTION);
    }
}
