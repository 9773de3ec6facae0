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

class MessageFlattenerTest {

    private static JsonNode json(String s) throws Exception {
        return Json.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void the_spec_example_keeps_the_last_system_message_and_joins_turns_with_blank_lines() throws Exception {
        Prompt p = MessageFlattener.flatten(json("""
                [{"role":"system","content":"S1"},{"role":"user","content":"Hi"},
                 {"role":"assistant","content":"Hello"},{"role":"system","content":"S2"},
                 {"role":"user","content":[{"type":"text","text":"a"},{"type":"image_url","image_url":{"url":"x"}},
                                           {"type":"text","text":"b"}]}]"""));

        assertThat(p.system()).contains("S2");
        assertThat(p.text()).isEqualTo("Hi\n\n[Previous assistant response: Hello]\n\na b");
    }

    @Test
    void a_developer_message_counts_as_the_system_prompt() throws Exception {
        Prompt p = MessageFlattener.flatten(json("[{\"role\":\"developer\",\"content\":\"D\"},"
                + "{\"role\":\"user\",\"content\":\"q\"}]"));

        assertThat(p.system()).contains("D");
    }

    @Test
    void tool_messages_and_unknown_roles_are_dropped_and_an_empty_system_prompt_counts_as_none() throws Exception {
        Prompt p = MessageFlattener.flatten(json("[{\"role\":\"system\",\"content\":\"\"},"
                + "{\"role\":\"tool\",\"content\":\"t\"},{\"content\":\"no role\"},{\"role\":\"user\",\"content\":\"q\"}]"));

        assertThat(p.system()).isEmpty();
        assertThat(p.text()).isEqualTo("q");
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
