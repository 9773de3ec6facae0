package dev.ccx.orchestrator.policy;

import static dev.ccx.orchestrator.policy.PolicyLoaderTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatPolicyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static final Policy OPEN = parse("{}").defaults();
    private static final Policy CLAUDE_ONLY = parse("""
            providers:
              codex: {enabled: false}
              claude: {models: ["sonnet", "claude-sonnet-*", "haiku?"]}
            """).defaults();
    private static final Policy CODEX_READ_ONLY = parse("""
            providers:
              claude: {enabled: false}
              codex: {models: ["codex/*"], sandboxes: [read-only]}
            """).defaults();

    private static ObjectNode body(String fields) {
        try {
            return (ObjectNode) JSON.readTree("{" + fields + (fields.isEmpty() ? "" : ",") + MESSAGES + "}");
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static ApiException refusal(String fields, Policy policy) {
        return catchThrowableOfType(ApiException.class, () -> ChatPolicy.check(body(fields), policy));
    }

    @ParameterizedTest(name = "{0} runs on {1}")
    @CsvSource(delimiter = '|', value = {
            "                                        | claude",
            "\"model\":\"sonnet\"                    | claude",
            "\"model\":\"codex/gpt-5\"               | codex",
            "\"model\":\"codex/\"                    | codex",
            "\"model\":\"gpt-5-codex\"               | claude",
            "\"model\":\"Codex/gpt-5\"               | claude",
            "\"provider\":\"codex\"                  | codex",
            "\"provider\":\"claude\",\"model\":\"codex/x\" | claude",
            "\"provider\":null,\"model\":null        | claude"})
    void the_provider_is_the_one_named_or_inferred_from_a_codex_model(String fields, String provider) {
        assertThat(ChatPolicy.check(body(fields == null ? "" : fields), OPEN)).isEqualTo(provider);
    }

    @Test
    void a_disabled_provider_is_403_whether_named_or_inferred() {
        for (String fields : new String[] {"\"model\":\"codex/gpt-5\"", "\"provider\":\"codex\""}) {
            ApiException e = refusal(fields, CLAUDE_ONLY);
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("provider_not_allowed");
            assertThat(e.publicMessage()).contains("codex");
        }
        assertThat(refusal("", CODEX_READ_ONLY).code()).isEqualTo("provider_not_allowed");
    }

    @ParameterizedTest(name = "model {0} allowed: {1}")
    @CsvSource({"sonnet, true", "claude-sonnet-4-5, true", "haiku4, true", "haiku, false", "haiku45, false",
            "opus, false", "Sonnet, false", "sonnet-x, false"})
    void models_are_matched_against_the_policys_globs(String model, boolean allowed) {
        ApiException e = refusal("\"model\":\"" + model + "\"", CLAUDE_ONLY);

        if (allowed) {
            assertThat(e).isNull();
        } else {
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("model_not_allowed");
            assertThat(e.publicMessage()).contains(model);
        }
    }

    @Test
    void on_chat_completions_the_model_is_matched_as_sent_without_alias_resolution() {
        Policy sonnetOnly = parse("providers: {claude: {models: [sonnet]}}").defaults();

        assertThat(refusal("\"model\":\"sonnet\"", sonnetOnly)).isNull();
        assertThat(refusal("\"model\":\"claude-sonnet-4-5\"", sonnetOnly).code()).isEqualTo("model_not_allowed");
    }

    @Test
    void a_codex_request_without_a_model_is_checked_as_codex_default() {
        ApiException e = refusal("\"provider\":\"codex\"", parse("providers: {codex: {models: [\"codex/gpt-*\"]}}")
                .defaults());

        assertThat(e.code()).isEqualTo("model_not_allowed");
        assertThat(e.publicMessage()).contains("codex/default");
    }

    @Test
    void a_codex_sandbox_mode_the_policy_does_not_allow_is_403() {
        assertThat(ChatPolicy.check(body("\"model\":\"codex/o3\",\"codex_sandbox\":\"read-only\""), CODEX_READ_ONLY))
                .isEqualTo("codex");

        for (String mode : new String[] {"danger-full-access", "workspace-write", "yolo"}) {
            ApiException e = refusal("\"model\":\"codex/o3\",\"codex_sandbox\":\"" + mode + "\"", CODEX_READ_ONLY);
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("sandbox_not_allowed");
        }
    }

    @Test
    void a_very_long_refused_model_name_is_shortened_in_the_message() {
        String model = "x".repeat(5000);

        ApiException e = refusal("\"model\":\"" + model + "\"", CLAUDE_ONLY);

        assertThat(e.publicMessage()).hasSizeLessThan(200);
    }

    @ParameterizedTest(name = "{0} -> 400 {1}")
    @CsvSource(delimiter = '|', value = {
            "\"model\":5                       | invalid_model    | model",
            "\"model\":[\"sonnet\"]            | invalid_model    | model",
            "\"provider\":true                 | invalid_provider | provider",
            "\"provider\":\"gemini\"           | invalid_provider | provider",
            "\"codex_sandbox\":{}              | invalid_codex_sandbox | codex_sandbox",
            "\"timeout\":\"60\"                | invalid_timeout  | timeout",
            "\"timeout\":0                     | invalid_timeout  | timeout",
            "\"timeout\":-5                    | invalid_timeout  | timeout",
            "\"stream\":\"yes\"                | invalid_stream   | stream",
            "\"stream\":1                      | invalid_stream   | stream"})
    void a_field_of_the_wrong_type_is_400_naming_the_field(String fields, String code, String field) {
        ApiException e = refusal(fields, OPEN);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo(code);
        assertThat(e.publicMessage()).contains(field);
    }

    @Test
    void messages_are_required_and_must_be_a_non_empty_array() throws Exception {
        for (String json : new String[] {"{}", "{\"messages\":[]}", "{\"messages\":\"hi\"}", "{\"messages\":null}"}) {
            ApiException e = catchThrowableOfType(ApiException.class,
                    () -> ChatPolicy.check((ObjectNode) JSON.readTree(json), OPEN));
            assertThat(e.status()).as(json).isEqualTo(400);
            assertThat(e.code()).isEqualTo("invalid_messages");
        }
    }

    @Test
    void a_positive_fractional_timeout_and_an_explicit_null_stream_are_fine() {
        assertThat(ChatPolicy.check(body("\"timeout\":0.5,\"stream\":null"), OPEN)).isEqualTo("claude");
    }
}
