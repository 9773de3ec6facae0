package dev.ccx.orchestrator.fronts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelNamesTest {

    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource({
            "claude-sonnet-4-5, sonnet", "claude-sonnet-4-5-20250929, sonnet", "claude-sonnet-4-20250514, sonnet",
            "claude-3-7-sonnet-20250219, sonnet", "claude-3-5-sonnet-latest, sonnet", "claude-sonnet-4-5[1m], sonnet[1m]",
            "claude-opus-4-1, opus", "claude-opus-4-1-20250805, opus", "claude-opus-4.1, opus", "claude-3-opus-20240229, opus",
            "claude-haiku-4-5, haiku", "claude-haiku-4-5-20251001, haiku", "claude-3-5-haiku-20241022, haiku",
            "gpt-5.5, codex/gpt-5.5", "gpt-5.3-codex, codex/gpt-5.3-codex", "o3, codex/o3",
            "codex-mini-latest, codex/codex-mini-latest"})
    void vendor_model_ids_become_ccx_model_names(String requested, String ccx) {
        assertThat(ModelNames.normalise(requested, null)).isEqualTo(ccx);
    }

    @ParameterizedTest(name = "{0} passes unchanged")
    @CsvSource({"sonnet", "opus[1m]", "opus200k", "codex/default", "codex/gpt-5.5", "cc-executor/opus", "''",
            "claude-sonnet-4-5-extra-words", "mistral-large", "claude-instant-1"})
    void ccx_names_and_unknown_names_pass_unchanged_to_the_runners_alias_table(String name) {
        assertThat(ModelNames.normalise(name, null)).isEqualTo(name);
    }

    @Test
    void an_openai_model_id_stays_as_named_when_the_caller_chose_claude() {
        assertThat(ModelNames.normalise("gpt-5.5", "claude")).isEqualTo("gpt-5.5");
        assertThat(ModelNames.normalise("gpt-5.5", "codex")).isEqualTo("codex/gpt-5.5");
        assertThat(ModelNames.normalise("claude-sonnet-4-5", "claude")).isEqualTo("sonnet");
    }

    @Test
    void every_example_in_the_table_holds() {
        for (ModelNames.Rule rule : ModelNames.TABLE) {
            String[] example = rule.example().split(" → ");
            assertThat(ModelNames.normalise(example[0], null)).as(rule.example()).isEqualTo(example[1]);
        }
    }
}
