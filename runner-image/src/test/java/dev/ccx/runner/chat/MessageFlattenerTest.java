package dev.ccx.runner.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.Prompt;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageFlattenerTest {

    private static JsonNode json(String s) throws Exception {
        return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void turns_are_joined_with_blank_lines_and_assistant_turns_are_inlined_in_brackets() throws Exception {
        Prompt p = MessageFlattener.flatten(json("""
                [{"role":"system","content":"S"},{"role":"user","content":"Hi"},
                 {"role":"assistant","content":"Hello"},
                 {"role":"user","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}]}]"""));

        assertThat(p.system()).contains("S");
        assertThat(p.text()).isEqualTo("Hi\n\n[Previous assistant response: Hello]\n\na b");
    }

    @Test
    void every_system_and_developer_message_forms_the_system_prompt_in_order() throws Exception {
        Prompt p = MessageFlattener.flatten(json("""
                [{"role":"system","content":"S1"},{"role":"user","content":"Hi"},
                 {"role":"developer","content":[{"type":"text","text":"D"}]},{"role":"system","content":""},
                 {"role":"system","content":null},{"role":"system","content":"S2"},{"role":"user","content":"q"}]"""));

        assertThat(p.system()).contains("S1\n\nD\n\nS2");
        assertThat(p.text()).isEqualTo("Hi\n\nq");
    }

    @Test
    void a_developer_message_alone_is_the_system_prompt_and_an_empty_one_counts_as_none() throws Exception {
        assertThat(MessageFlattener.flatten(json("[{\"role\":\"developer\",\"content\":\"D\"},"
                + "{\"role\":\"user\",\"content\":\"q\"}]")).system()).contains("D");
        assertThat(MessageFlattener.flatten(json("[{\"role\":\"system\",\"content\":\"\"},"
                + "{\"role\":\"user\",\"content\":\"q\"}]")).system()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[{'role':'tool','tool_call_id':'c','content':'t'},{'role':'user','content':'q'}]       | messages[0]",
            "[{'role':'function','name':'f','content':'t'},{'role':'user','content':'q'}]           | messages[0]",
            "[{'role':'user','content':'q'},{'role':'assistant','content':null,'tool_calls':[{'id':'c','type':'function'}]}] | messages[1].tool_calls",
            "[{'role':'assistant','content':'x','function_call':{'name':'f','arguments':'{}'}},{'role':'user','content':'q'}] | messages[0].function_call",
            "[{'role':'user','content':[{'type':'text','text':'a'},{'type':'image_url','image_url':{'url':'u'}}]}] | messages[0].content[1]",
            "[{'role':'system','content':[{'type':'input_audio'}]},{'role':'user','content':'q'}]   | messages[0].content[0]"})
    void tool_messages_tool_calls_and_non_text_parts_are_refused_as_unsupported_content(String messages, String field)
            throws Exception {
        assertThatThrownBy(() -> MessageFlattener.flatten(json(messages.replace('\'', '"'))))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED_CONTENT);
                    assertThat(e.getMessage()).startsWith(field + ":");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "[{'content':'no role'},{'role':'user','content':'q'}]                                  | messages[0].role",
            "[{'role':null,'content':'x'},{'role':'user','content':'q'}]                            | messages[0].role",
            "[{'role':'user','content':'q'},{'role':'critic','content':'x'}]                        | messages[1].role",
            "[{'role':'user','content':[{'text':'untyped'}]}]                                       | messages[0].content[0]",
            "[{'role':'user','content':[{'type':null,'text':'x'}]}]                                 | messages[0].content[0]"})
    void a_missing_or_unknown_role_and_an_untyped_part_are_refused_not_dropped(String messages, String field) {
        assertThatThrownBy(() -> MessageFlattener.flatten(json(messages.replace('\'', '"'))))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST);
                    assertThat(e.getMessage()).startsWith(field);
                });
    }

    @Test
    void an_empty_tool_calls_list_or_a_null_function_call_asks_for_nothing() throws Exception {
        Prompt p = MessageFlattener.flatten(json("[{\"role\":\"assistant\",\"content\":\"A\",\"tool_calls\":[],"
                + "\"function_call\":null},{\"role\":\"user\",\"content\":\"q\"}]"));

        assertThat(p.text()).isEqualTo("[Previous assistant response: A]\n\nq");
    }

    @Test
    void an_assistant_turn_without_content_is_inlined_empty() throws Exception {
        Prompt p = MessageFlattener.flatten(json("[{\"role\":\"assistant\",\"content\":null},"
                + "{\"role\":\"user\",\"content\":\"q\"}]"));

        assertThat(p.text()).isEqualTo("[Previous assistant response: ]\n\nq");
    }

    @Test
    void malformed_shapes_are_bad_requests_not_crashes() {
        for (String bad : new String[] {
            "[1]", "[{\"role\":\"user\",\"content\":null}]", "[{\"role\":\"user\",\"content\":5}]",
            "[{\"role\":\"user\",\"content\":[\"x\"]}]", "[{\"role\":\"user\",\"content\":[{\"type\":\"text\"}]}]",
            "[{\"role\":7,\"content\":\"x\"}]", "{\"role\":\"user\"}", "[]"}) {
            assertThatThrownBy(() -> MessageFlattener.flatten(json(bad)))
                    .as(bad)
                    .isInstanceOfSatisfying(AgentException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_REQUEST));
        }
    }

    @Test
    void codex_gets_the_system_prompt_folded_into_its_prompt() throws Exception {
        Prompt p = MessageFlattener.flatten(json("[{\"role\":\"system\",\"content\":\"S\"},"
                + "{\"role\":\"user\",\"content\":\"P\"}]"));

        assertThat(p.foldedForCodex()).isEqualTo("SYSTEM INSTRUCTIONS:\nS\n\nCONVERSATION PROMPT:\nP");
        assertThat(new Prompt(java.util.Optional.empty(), "P").foldedForCodex()).isEqualTo("P");
    }
}
