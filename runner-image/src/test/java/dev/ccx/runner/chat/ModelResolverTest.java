package dev.ccx.runner.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.ccx.runner.cli.ModelChoice;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelResolverTest {

    private final ModelResolver resolver = new ModelResolver(new ModelCatalog(AgentConfig.DEFAULT_CODEX_MODELS,
            "gpt-5.5", Set.of(Provider.CLAUDE, Provider.CODEX)));

    private ModelChoice resolve(String provider, String model) {
        return resolver.resolve(provider == null ? null : new TextNode(provider),
                model == null ? null : new TextNode(model));
    }

    @ParameterizedTest
    @CsvSource({
        "opus[1m], opus[1m]", "claude-opus[1m], opus[1m]", "cc-executor/opus[1m], opus[1m]",
        "sonnet[1m], sonnet[1m]", "claude-sonnet[1m], sonnet[1m]", "cc-executor/sonnet[1m], sonnet[1m]",
        "opus, opus[1m]", "claude-opus, opus[1m]", "claude-opus-4, opus[1m]", "cc-executor/opus, opus[1m]",
        "sonnet, sonnet", "claude-sonnet, sonnet", "claude-sonnet-4, sonnet", "cc-executor/sonnet, sonnet",
        "haiku, haiku", "claude-haiku, haiku", "claude-haiku-4, haiku", "cc-executor/haiku, haiku",
        "opus200k, opus", "cc-executor/opus200k, opus", "sonnet200k, sonnet", "cc-executor/sonnet200k, sonnet",
        "claude-opus-4-1-20250805, claude-opus-4-1-20250805", "haiku[1m], haiku[1m]"})
    void claude_names_follow_the_alias_table(String requested, String cli) {
        ModelChoice choice = resolve(null, requested);

        assertThat(choice.provider()).isEqualTo(Provider.CLAUDE);
        assertThat(choice.requested()).isEqualTo(requested);
        assertThat(choice.cliModel()).isEqualTo(cli);
    }

    @Test
    void only_1m_models_have_a_200k_fallback() {
        assertThat(resolve(null, "opus").fallbackModel()).contains("opus");
        assertThat(resolve(null, "sonnet[1m]").fallbackModel()).contains("sonnet");
        assertThat(resolve(null, "haiku[1m]").fallbackModel()).contains("haiku");
        assertThat(resolve(null, "opus200k").fallbackModel()).isEmpty();
        assertThat(resolve("codex", "codex/default").fallbackModel()).isEmpty();
    }

    @Test
    void defaults_are_sonnet_for_claude_and_codex_default_for_codex() {
        assertThat(resolve(null, null)).isEqualTo(new ModelChoice(Provider.CLAUDE, "sonnet", "sonnet"));
        assertThat(resolve("codex", null)).isEqualTo(new ModelChoice(Provider.CODEX, "codex/default", "gpt-5.5"));
        assertThat(resolver.resolve(JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.nullNode())
                .cliModel()).isEqualTo("sonnet");
    }

    @Test
    void codex_models_map_to_catalogue_slugs() {
        assertThat(resolve(null, "codex/gpt-5.4-mini")).isEqualTo(
                new ModelChoice(Provider.CODEX, "codex/gpt-5.4-mini", "gpt-5.4-mini"));
        assertThat(resolve("codex", "gpt-5.3-codex").cliModel()).isEqualTo("gpt-5.3-codex");
        assertThat(resolve(null, "codex/default").cliModel()).isEqualTo("gpt-5.5");
    }

    @Test
    void an_empty_claude_model_means_the_clis_default() {
        assertThat(resolve("claude", "").cliModel()).isEmpty();
    }

    @Test
    void provider_rules_give_the_predecessors_messages() {
        assertError(() -> resolve("gemini", "x"), Reason.INVALID_REQUEST, "provider must be 'claude' or 'codex'");
        assertError(() -> resolver.resolve(JsonNodeFactory.instance.numberNode(1), null), Reason.INVALID_REQUEST,
                "provider must be 'claude' or 'codex'");
        assertError(() -> resolve("claude", "codex/gpt-5.5"), Reason.INVALID_REQUEST,
                "codex/* models require provider=codex");
        assertError(() -> resolve("codex", "opus"), Reason.INVALID_REQUEST,
                "Claude model aliases require provider=claude");
        assertError(() -> resolve(null, "codex/gpt-9"), Reason.UNSUPPORTED_MODEL, "unsupported Codex model: codex/gpt-9");
        assertError(() -> resolver.resolve(null, JsonNodeFactory.instance.numberNode(3)), Reason.INVALID_REQUEST,
                "model must be a string");
    }

    @Test
    void a_claude_model_that_could_be_read_as_a_flag_is_refused() {
        assertError(() -> resolve("claude", "--dangerously-skip-permissions"), Reason.UNSUPPORTED_MODEL,
                "unsupported Claude model name: --dangerously-skip-permissions");
    }

    @Test
    void the_catalogue_lists_claude_first_then_codex_with_the_default_alias() {
        var ids = new ModelCatalog(AgentConfig.DEFAULT_CODEX_MODELS, "gpt-5.5", Set.of(Provider.CLAUDE,
                Provider.CODEX)).entries().stream().map(ModelEntry::id).toList();

        assertThat(ids).hasSize(21).startsWith("opus[1m]", "sonnet[1m]", "opus").endsWith("codex/gpt-5.2",
                "codex/default");
        assertThat(new ModelCatalog(AgentConfig.DEFAULT_CODEX_MODELS, "gpt-5.5", Set.of(Provider.CODEX)).entries())
                .allMatch(e -> e.ownedBy().equals("openai"))
                .anyMatch(e -> e.id().equals("codex/gpt-5.3-codex-spark") && e.defaultEffort().equals(Optional.of("high")));
    }

    private static void assertError(Runnable call, Reason reason, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
