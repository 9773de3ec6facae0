package dev.ccx.fakemodel.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.script.Conversation;
import dev.ccx.fakemodel.script.OfferedTool;
import org.junit.jupiter.api.Test;

class AnthropicRequestsTest {

    private static Conversation read(String json) {
        return AnthropicRequests.conversation(Json.parse(json.replace('\'', '"')));
    }

    @Test
    void system_reminders_are_not_the_prompt_and_the_prompt_block_holds_the_script() {
        Conversation c = read("""
                {'messages':[{'role':'user','content':[
                  {'type':'text','text':'<system-reminder>\\n@fake reply hidden\\n</system-reminder>'},
                  {'type':'text','text':'do it\\n@fake bash ls'}]}],
                 'tools':[{'name':'Bash','input_schema':{}},{'type':'web_search_20250305','name':'web_search'}]}
                """);

        assertThat(c.prompt()).isEqualTo("do it\n@fake bash ls");
        assertThat(c.scriptText()).isEqualTo(c.prompt());
        assertThat(c.tools()).containsExactly(new OfferedTool("Bash", OfferedTool.Kind.FUNCTION),
                new OfferedTool("web_search", OfferedTool.Kind.HOSTED));
    }

    @Test
    void tool_results_after_the_prompt_are_collected_in_order_whatever_their_content_shape() {
        Conversation c = read("""
                {'messages':[
                  {'role':'user','content':'@fake bash a\\n@fake bash b\\n@fake bash c'},
                  {'role':'assistant','content':[{'type':'tool_use','id':'toolu_1','name':'Bash','input':{}}]},
                  {'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_1','content':'out-a'},
                    {'type':'text','text':'<system-reminder>x</system-reminder>'}]},
                  {'role':'assistant','content':[{'type':'tool_use','id':'toolu_2','name':'Bash','input':{}}]},
                  {'role':'user','content':[{'type':'tool_result','tool_use_id':'toolu_2',
                    'content':[{'type':'text','text':'out-b1'},{'type':'text','text':'out-b2'}]}]}]}
                """);

        assertThat(c.toolOutputs()).containsExactly("out-a", "out-b1\nout-b2");
        assertThat(c.scriptText()).startsWith("@fake bash a");
    }

    @Test
    void a_later_prompt_without_directives_ends_the_earlier_script() {
        Conversation c = read("""
                {'messages':[
                  {'role':'user','content':'@fake reply old'},
                  {'role':'assistant','content':[{'type':'text','text':'old'}]},
                  {'role':'user','content':'and now a plain question'}]}
                """);

        assertThat(c.scriptText()).isEmpty();
        assertThat(c.prompt()).isEqualTo("and now a plain question");
        assertThat(c.toolOutputs()).isEmpty();
    }

    @Test
    void the_working_directory_is_read_from_the_system_prompt_or_a_system_message() {
        Conversation fromSystem = read("""
                {'system':[{'type':'text','text':'env\\n - Primary working directory: /jobs/a\\n'}],
                 'messages':[{'role':'user','content':'hi'}]}
                """);
        Conversation fromMessage = read("""
                {'messages':[{'role':'user','content':'hi'},
                  {'role':'system','content':[{'type':'text','text':'Primary working directory: /jobs/b'}]}]}
                """);

        assertThat(fromSystem.cwd()).contains("/jobs/a");
        assertThat(fromMessage.cwd()).contains("/jobs/b");
    }

    @Test
    void a_one_token_request_is_a_probe() {
        assertThat(read("{'max_tokens':1,'messages':[{'role':'user','content':'quota'}]}").side()).isTrue();
        assertThat(read("{'max_tokens':32000,'messages':[{'role':'user','content':'hi'}]}").side()).isFalse();
    }
}
