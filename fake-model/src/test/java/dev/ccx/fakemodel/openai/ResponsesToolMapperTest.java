package dev.ccx.fakemodel.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.script.OfferedTool;
import dev.ccx.fakemodel.script.OfferedTool.Kind;
import dev.ccx.fakemodel.script.ToolInvocation;
import dev.ccx.fakemodel.script.ToolStep;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResponsesToolMapperTest {

    private static final OfferedTool EXEC = new OfferedTool("exec_command", Kind.FUNCTION);
    private static final OfferedTool PATCH = new OfferedTool("apply_patch", Kind.FREEFORM);
    private final ResponsesToolMapper mapper = new ResponsesToolMapper();

    private ToolInvocation map(ToolStep step, OfferedTool... offered) {
        return mapper.map(step, List.of(offered), Optional.empty()).orElseThrow();
    }

    @Test
    void a_command_uses_exec_command_with_cmd_when_codex_offers_it() {
        ToolInvocation call = map(new ToolStep.Bash("cat /x"), new OfferedTool("web_search", Kind.HOSTED), EXEC);

        assertThat(call.toolName()).isEqualTo("exec_command");
        assertThat(Json.parse(call.input()).get("cmd").asText()).isEqualTo("cat /x");
    }

    @Test
    void older_shell_tools_are_used_when_exec_command_is_absent() {
        ToolInvocation shellCommand = map(new ToolStep.Bash("ls"), new OfferedTool("shell_command", Kind.FUNCTION));
        ToolInvocation shell = map(new ToolStep.Bash("ls"), new OfferedTool("shell", Kind.FUNCTION));

        assertThat(Json.parse(shellCommand.input()).get("command").asText()).isEqualTo("ls");
        assertThat(Json.parse(shell.input()).get("command").toString()).isEqualTo("[\"bash\",\"-lc\",\"ls\"]");
    }

    @Test
    void a_write_becomes_a_freeform_apply_patch_add_file_hunk() {
        ToolInvocation call = map(new ToolStep.Write("out/a.txt", "one\ntwo"), EXEC, PATCH);

        assertThat(call).isEqualTo(new ToolInvocation("apply_patch", Kind.FREEFORM,
                "*** Begin Patch\n*** Add File: out/a.txt\n+one\n+two\n*** End Patch\n"));
    }

    @Test
    void a_function_style_apply_patch_gets_the_patch_as_its_input_argument() {
        ToolInvocation call = map(new ToolStep.Write("a.txt", "x\n"), new OfferedTool("apply_patch", Kind.FUNCTION));

        assertThat(Json.parse(call.input()).get("input").asText())
                .isEqualTo("*** Begin Patch\n*** Add File: a.txt\n+x\n*** End Patch\n");
    }

    @Test
    void without_apply_patch_a_write_goes_through_the_shell_tool() {
        ToolInvocation call = map(new ToolStep.Write("a.txt", "x"), EXEC);

        assertThat(call.toolName()).isEqualTo("exec_command");
        assertThat(Json.parse(call.input()).get("cmd").asText()).contains("printf '%s' 'x' > 'a.txt'");
    }

    @Test
    void named_calls_pass_freeform_input_raw_and_never_target_hosted_tools() {
        assertThat(map(new ToolStep.Call("apply_patch", "*** Begin Patch"), PATCH).input()).isEqualTo("*** Begin Patch");
        assertThat(mapper.map(new ToolStep.Call("web_search", "{}"), List.of(new OfferedTool("web_search", Kind.HOSTED)),
                Optional.empty())).isEmpty();
        assertThat(mapper.map(new ToolStep.Bash("ls"), List.of(PATCH), Optional.empty())).isEmpty();
    }
}
