package dev.ccx.fakemodel.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.script.DirectiveException;
import dev.ccx.fakemodel.script.OfferedTool;
import dev.ccx.fakemodel.script.ToolInvocation;
import dev.ccx.fakemodel.script.ToolStep;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnthropicToolMapperTest {

    private static final OfferedTool BASH = new OfferedTool("Bash", OfferedTool.Kind.FUNCTION);
    private static final OfferedTool WRITE = new OfferedTool("Write", OfferedTool.Kind.FUNCTION);
    private final AnthropicToolMapper mapper = new AnthropicToolMapper();

    @Test
    void a_command_becomes_a_bash_call_with_the_command_verbatim() {
        ToolInvocation call = mapper.map(new ToolStep.Bash("cat /x | wc -l"), List.of(WRITE, BASH), Optional.empty()).orElseThrow();

        assertThat(call.toolName()).isEqualTo("Bash");
        assertThat(Json.parse(call.input()).get("command").asText()).isEqualTo("cat /x | wc -l");
    }

    @Test
    void a_write_uses_the_write_tool_with_an_absolute_path_when_the_cwd_is_known() {
        ToolInvocation call = mapper.map(new ToolStep.Write("out/a.txt", "hi\n"), List.of(BASH, WRITE),
                Optional.of("/jobs/u1")).orElseThrow();

        assertThat(call.toolName()).isEqualTo("Write");
        assertThat(Json.parse(call.input()).get("file_path").asText()).isEqualTo("/jobs/u1/out/a.txt");
        assertThat(Json.parse(call.input()).get("content").asText()).isEqualTo("hi\n");
    }

    @Test
    void a_write_falls_back_to_bash_when_write_is_not_offered_and_fails_without_either() {
        ToolInvocation call = mapper.map(new ToolStep.Write("a.txt", "x"), List.of(BASH), Optional.empty()).orElseThrow();

        assertThat(call.toolName()).isEqualTo("Bash");
        assertThat(Json.parse(call.input()).get("command").asText()).contains("printf '%s' 'x' > 'a.txt'");
        assertThat(mapper.map(new ToolStep.Write("a.txt", "x"), List.of(), Optional.empty())).isEmpty();
    }

    @Test
    void a_named_tool_call_needs_the_tool_offered_and_json_object_arguments() {
        OfferedTool read = new OfferedTool("Read", OfferedTool.Kind.FUNCTION);

        assertThat(mapper.map(new ToolStep.Call("Read", "{\"file_path\": \"/x\"}"), List.of(read), Optional.empty()))
                .contains(new ToolInvocation("Read", OfferedTool.Kind.FUNCTION, "{\"file_path\":\"/x\"}"));
        assertThat(mapper.map(new ToolStep.Call("Read", "{}"), List.of(BASH), Optional.empty())).isEmpty();
        assertThatThrownBy(() -> mapper.map(new ToolStep.Call("Read", "[1]"), List.of(read), Optional.empty()))
                .isInstanceOf(DirectiveException.class);
    }
}
