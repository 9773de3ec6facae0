package dev.ccx.fakemodel.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final List<OfferedTool> SHELL = List.of(new OfferedTool("shell", OfferedTool.Kind.FUNCTION));
    private static final ToolMapper LABELS = (step, offered, cwd) -> offered.isEmpty()
            ? Optional.empty()
            : Optional.of(new ToolInvocation("shell", OfferedTool.Kind.FUNCTION, step.label()));

    private final Planner planner = new Planner(LABELS, new ErrorBudget());

    private static Conversation conversation(String prompt, List<String> outputs, List<OfferedTool> tools) {
        String script = DirectiveParser.hasDirectives(prompt) ? prompt : "";
        return new Conversation(script, prompt, outputs, tools, Optional.empty(), false);
    }

    @Test
    void a_prompt_without_directives_gets_the_deterministic_echo() {
        String longPrompt = "x".repeat(500);

        assertThat(planner.plan(conversation("  what is 2+2?  ", List.of(), SHELL)).turn())
                .isEqualTo(new Turn.Answer("fake-model: what is 2+2?", Optional.empty(), Optional.empty()));
        assertThat(((Turn.Answer) planner.plan(conversation(longPrompt, List.of(), SHELL)).turn()).text())
                .isEqualTo("fake-model: " + "x".repeat(200));
    }

    @Test
    void each_tool_result_in_the_history_advances_the_script_by_one_step() {
        String prompt = "@fake bash one\n@fake bash two\n@fake reply done";

        Turn first = planner.plan(conversation(prompt, List.of(), SHELL)).turn();
        Turn second = planner.plan(conversation(prompt, List.of("out1"), SHELL)).turn();

        assertThat(first).isInstanceOfSatisfying(Turn.ToolUse.class, t -> assertThat(t.call().input()).isEqualTo("bash one"));
        assertThat(second).isInstanceOfSatisfying(Turn.ToolUse.class, t -> assertThat(t.call().input()).isEqualTo("bash two"));
    }

    @Test
    void said_text_comes_with_the_tool_call_it_precedes() {
        String prompt = "@fake bash one\n@fake say now two\n@fake bash two\n@fake reply done";

        Turn first = planner.plan(conversation(prompt, List.of(), SHELL)).turn();
        Turn second = planner.plan(conversation(prompt, List.of("out1"), SHELL)).turn();

        assertThat(((Turn.ToolUse) first).text()).isEmpty();
        assertThat(((Turn.ToolUse) second).text()).contains("now two");
    }

    @Test
    void after_the_last_step_the_answer_holds_the_reply_and_every_tool_output_verbatim() {
        String prompt = "@fake bash cat /a\n@fake bash cat /b\n@fake reply finished";

        Turn last = planner.plan(conversation(prompt, List.of("alpha\n", "beta"), SHELL)).turn();

        assertThat(last).isInstanceOfSatisfying(Turn.Answer.class, a -> assertThat(a.text()).isEqualTo(
                "finished\n\n--- tool result 1 ---\nalpha\n\n\n--- tool result 2 ---\nbeta"));
    }

    @Test
    void a_script_without_reply_finishes_with_a_default_text() {
        Turn last = planner.plan(conversation("@fake bash true", List.of(""), SHELL)).turn();

        assertThat(((Turn.Answer) last).text()).startsWith("fake-model: done");
    }

    @Test
    void pacing_applies_to_the_final_answer_and_thinking_to_the_first_turn_only() {
        String prompt = "@fake bash x\n@fake think hmm\n@fake stream 4 100";

        Turn first = planner.plan(conversation(prompt, List.of(), SHELL)).turn();
        Turn last = planner.plan(conversation(prompt, List.of("o"), SHELL)).turn();

        assertThat(((Turn.ToolUse) first).thinking()).contains("hmm");
        assertThat(((Turn.Answer) last).thinking()).isEmpty();
        assertThat(((Turn.Answer) last).pacing()).contains(new Script.StreamPacing(4, Duration.ofMillis(100)));
    }

    @Test
    void sleep_and_usage_are_applied_to_every_turn() {
        Plan plan = planner.plan(conversation("@fake sleep 250\n@fake usage 7 3\n@fake bash x", List.of(), SHELL));

        assertThat(plan.sleep()).isEqualTo(Duration.ofMillis(250));
        assertThat(plan.usage()).contains(new Script.Usage(7, 3));
    }

    @Test
    void a_counted_error_fails_only_the_first_attempts_of_that_prompt() {
        String prompt = "@fake error 529 2\n@fake reply recovered";

        List<Turn> turns = List.of(
                planner.plan(conversation(prompt, List.of(), SHELL)).turn(),
                planner.plan(conversation(prompt, List.of(), SHELL)).turn(),
                planner.plan(conversation(prompt, List.of(), SHELL)).turn());

        assertThat(turns.get(0)).isEqualTo(new Turn.Failure(529, "fake-model: scripted error 529"));
        assertThat(turns.get(1)).isInstanceOf(Turn.Failure.class);
        assertThat(turns.get(2)).isInstanceOfSatisfying(Turn.Answer.class, a -> assertThat(a.text()).isEqualTo("recovered"));
    }

    @Test
    void error_counts_are_kept_per_key_and_an_uncounted_error_always_fails() {
        planner.plan(conversation("@fake error 500 1 k1", List.of(), SHELL));

        assertThat(planner.plan(conversation("@fake error 500 1 k1", List.of(), SHELL)).turn()).isInstanceOf(Turn.Answer.class);
        assertThat(planner.plan(conversation("@fake error 500 1 k2", List.of(), SHELL)).turn()).isInstanceOf(Turn.Failure.class);
        for (int i = 0; i < 3; i++) {
            assertThat(planner.plan(conversation("@fake error 503", List.of(), SHELL)).turn()).isInstanceOf(Turn.Failure.class);
        }
    }

    @Test
    void a_step_no_offered_tool_can_run_is_reported_in_the_answer() {
        Turn turn = planner.plan(conversation("@fake bash ls", List.of(), List.of())).turn();

        assertThat(((Turn.Answer) turn).text())
                .isEqualTo("fake-model: cannot run step 1 (bash ls): no suitable tool offered (offered: none)");
    }

    @Test
    void probe_requests_are_answered_at_once_and_never_fail_or_consume_errors() {
        String prompt = "@fake error 500 1\n@fake sleep 9000";
        Conversation probe = new Conversation(prompt, prompt, List.of(), SHELL, Optional.empty(), true);

        Plan plan = planner.plan(probe);

        assertThat(plan).isEqualTo(Plan.answer("fake-model: ok"));
        assertThat(planner.plan(conversation(prompt, List.of(), SHELL)).turn()).isInstanceOf(Turn.Failure.class);
    }
}
