package dev.ccx.fakemodel.openai;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.script.OfferedTool;
import dev.ccx.fakemodel.script.ShellCommands;
import dev.ccx.fakemodel.script.ToolInvocation;
import dev.ccx.fakemodel.script.ToolMapper;
import dev.ccx.fakemodel.script.ToolStep;
import java.util.List;
import java.util.Optional;

/**
 * Maps scripted steps onto codex's tools: {@code exec_command {cmd}} (or the older
 * {@code shell_command} / {@code shell}) for commands and {@code apply_patch} for file writes.
 */
public final class ResponsesToolMapper implements ToolMapper {

    /** codex's longest wait before it hands back a still-running command. */
    static final int YIELD_MS = 30_000;

    @Override
    public Optional<ToolInvocation> map(ToolStep step, List<OfferedTool> offered, Optional<String> cwd) {
        if (step instanceof ToolStep.Bash bash) {
            return shell(bash.command(), offered);
        }
        if (step instanceof ToolStep.Write write) {
            Optional<OfferedTool> patch = find(offered, "apply_patch");
            if (patch.isPresent() && patch.get().kind() == OfferedTool.Kind.FREEFORM) {
                return Optional.of(new ToolInvocation("apply_patch", OfferedTool.Kind.FREEFORM, addFilePatch(write)));
            }
            if (patch.isPresent() && patch.get().kind() == OfferedTool.Kind.FUNCTION) {
                String args = Json.write(Json.object().put("input", addFilePatch(write)));
                return Optional.of(new ToolInvocation("apply_patch", OfferedTool.Kind.FUNCTION, args));
            }
            return shell(ShellCommands.writeFile(write.path(), write.content()), offered);
        }
        ToolStep.Call call = (ToolStep.Call) step;
        return find(offered, call.toolName()).filter(t -> t.kind() != OfferedTool.Kind.HOSTED).map(t ->
                new ToolInvocation(t.name(), t.kind(),
                        t.kind() == OfferedTool.Kind.FREEFORM ? call.arguments() : call.jsonObject()));
    }

    /** An apply_patch "Add File" hunk; apply_patch ends the file with a newline. */
    static String addFilePatch(ToolStep.Write write) {
        StringBuilder patch = new StringBuilder("*** Begin Patch\n*** Add File: ").append(write.path()).append('\n');
        String content = write.content().endsWith("\n")
                ? write.content().substring(0, write.content().length() - 1) : write.content();
        for (String line : content.split("\n", -1)) {
            patch.append('+').append(line).append('\n');
        }
        return patch.append("*** End Patch\n").toString();
    }

    private static Optional<ToolInvocation> shell(String command, List<OfferedTool> offered) {
        if (isFunction(offered, "exec_command")) {
            ObjectNode args = Json.object().put("cmd", command).put("yield_time_ms", YIELD_MS);
            return Optional.of(new ToolInvocation("exec_command", OfferedTool.Kind.FUNCTION, Json.write(args)));
        }
        if (isFunction(offered, "shell_command")) {
            String args = Json.write(Json.object().put("command", command));
            return Optional.of(new ToolInvocation("shell_command", OfferedTool.Kind.FUNCTION, args));
        }
        if (isFunction(offered, "shell")) {
            ObjectNode args = Json.object();
            args.putArray("command").add("bash").add("-lc").add(command);
            return Optional.of(new ToolInvocation("shell", OfferedTool.Kind.FUNCTION, Json.write(args)));
        }
        return Optional.empty();
    }

    private static boolean isFunction(List<OfferedTool> offered, String name) {
        return find(offered, name).filter(t -> t.kind() == OfferedTool.Kind.FUNCTION).isPresent();
    }

    private static Optional<OfferedTool> find(List<OfferedTool> offered, String name) {
        return offered.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
