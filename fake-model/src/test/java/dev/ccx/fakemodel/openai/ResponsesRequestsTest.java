package dev.ccx.fakemodel.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.script.Conversation;
import dev.ccx.fakemodel.script.OfferedTool;
import org.junit.jupiter.api.Test;

class ResponsesRequestsTest {

    private static Conversation read(String json) {
        return ResponsesRequests.conversation(Json.parse(json.replace('\'', '"')));
    }

    @Test
    void codex_context_messages_are_skipped_and_the_cwd_is_taken_from_the_environment_context() {
        Conversation c = read("""
                {'input':[
                  {'type':'message','role':'developer','content':[{'type':'input_text','text':'You are Codex'}]},
                  {'type':'message','role':'user','content':[{'type':'input_text',
                    'text':'<environment_context>\\n  <cwd>/jobs/alice</cwd>\\n</environment_context>'}]},
                  {'type':'message','role':'user','content':[{'type':'input_text','text':'# AGENTS.md instructions for /x'}]},
                  {'type':'message','role':'user','content':[{'type':'input_text','text':'go\\n@fake bash ls'}]}]}
                """);

        assertThat(c.prompt()).isEqualTo("go\n@fake bash ls");
        assertThat(c.scriptText()).isEqualTo(c.prompt());
        assertThat(c.cwd()).contains("/jobs/alice");
    }

    @Test
    void function_and_custom_tool_outputs_after_the_prompt_count_as_done_steps() {
        Conversation c = read("""
                {'input':[
                  {'type':'message','role':'user','content':[{'type':'input_text','text':'@fake bash a\\n@fake write f x'}]},
                  {'type':'function_call','call_id':'c1','name':'exec_command','arguments':'{}'},
                  {'type':'function_call_output','call_id':'c1','output':'out-1'},
                  {'type':'custom_tool_call','call_id':'c2','name':'apply_patch','input':'*** Begin Patch'},
                  {'type':'custom_tool_call_output','call_id':'c2',
                    'output':[{'type':'input_text','text':'Success.'}]}]}
                """);

        assertThat(c.toolOutputs()).containsExactly("out-1", "Success.");
    }

    @Test
    void a_plain_string_input_is_the_prompt() {
        Conversation c = read("{'input':'hello\\n@fake reply hi'}");

        assertThat(c.prompt()).isEqualTo("hello\n@fake reply hi");
        assertThat(c.scriptText()).isEqualTo(c.prompt());
    }

    @Test
    void function_tools_custom_tools_and_hosted_tools_are_told_apart() {
        Conversation c = read("""
                {'input':'x','tools':[{'type':'function','name':'exec_command'},
                  {'type':'custom','name':'apply_patch'},{'type':'web_search'}]}
                """);

        assertThat(c.tools()).containsExactly(new OfferedTool("exec_command", OfferedTool.Kind.FUNCTION),
                new OfferedTool("apply_patch", OfferedTool.Kind.FREEFORM),
                new OfferedTool("web_search", OfferedTool.Kind.HOSTED));
    }
}
