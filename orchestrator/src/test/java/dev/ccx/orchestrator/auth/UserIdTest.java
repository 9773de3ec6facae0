package dev.ccx.orchestrator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ccx.orchestrator.http.ApiException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

    static Stream<Arguments> hostileIds() {
        return Stream.of(
                Arguments.of("empty", ""),
                Arguments.of("null", null),
                Arguments.of("parent directory", ".."),
                Arguments.of("traversal", "../bob"),
                Arguments.of("traversal in the middle", "alice/../bob"),
                Arguments.of("double dot inside", "alice..bob"),
                Arguments.of("slash", "alice/bob"),
                Arguments.of("backslash", "alice\\bob"),
                Arguments.of("absolute path", "/etc/passwd"),
                Arguments.of("NUL byte", "alice\u0000"),
                Arguments.of("newline", "alice\nbob"),
                Arguments.of("carriage return", "alice\r"),
                Arguments.of("tab", "alice\tbob"),
                Arguments.of("escape sequence", "\u001b[31malice"),
                Arguments.of("DEL", "alice\u007f"),
                Arguments.of("space inside", "alice bob"),
                Arguments.of("leading space", " alice"),
                Arguments.of("trailing space", "alice "),
                Arguments.of("non-breaking space", "alice\u00a0"),
                Arguments.of("fullwidth letters", "\uff41\uff4c\uff49\uff43\uff45"),
                Arguments.of("Cyrillic a", "\u0430lice"),
                Arguments.of("Greek omicron", "b\u03bfb"),
                Arguments.of("zero-width space", "ali\u200bce"),
                Arguments.of("right-to-left override", "alice\u202egnp.exe"),
                Arguments.of("accented letter", "jos\u00e9"),
                Arguments.of("emoji", "alice\ud83d\ude00"),
                Arguments.of("leading dot", ".alice"),
                Arguments.of("leading dash", "-alice"),
                Arguments.of("leading underscore", "_alice"),
                Arguments.of("leading at", "@alice"),
                Arguments.of("colon", "alice:bob"),
                Arguments.of("equals (label injection)", "alice=admin"),
                Arguments.of("shell metacharacters", "alice;rm"),
                Arguments.of("glob star", "alice*"),
                Arguments.of("percent-encoded slash", "alice%2fbob"),
                Arguments.of("quote", "alice\""),
                Arguments.of("overlong (129)", "a".repeat(129)));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("hostileIds")
    void hostile_ids_are_refused_with_400_invalid_user_id(String why, String raw) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> UserId.parse(raw));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_user_id");
        assertThat(UserId.problem(raw)).isEqualTo(e.publicMessage());
    }

    @ParameterizedTest(name = "{0} is accepted")
    @ValueSource(strings = {"alice", "Alice", "a", "7", "bob42", "alice.smith", "alice_smith", "alice-smith",
            "alice+tag@example.com", "first.last@sub.example.co.uk", "123e4567-e89b-12d3-a456-426614174000",
            "alice."})
    void ordinary_ids_including_emails_and_uuids_are_accepted_unchanged(String raw) {
        assertThat(UserId.parse(raw).value()).isEqualTo(raw);
        assertThat(UserId.parse(raw)).hasToString(raw);
    }

    @Test
    void the_length_limit_is_128_characters_inclusive() {
        String longest = "u".repeat(UserId.MAX_LENGTH);

        assertThat(UserId.parse(longest).value()).hasSize(128);
        assertThat(UserId.problem(longest + "u")).contains("longer than 128");
    }

    @Test
    void a_refusal_never_echoes_the_hostile_id_back() {
        String hostile = "<script>alert(1)</script>";

        ApiException e = catchThrowableOfType(ApiException.class, () -> UserId.parse(hostile));

        assertThat(e.publicMessage()).doesNotContain("<script>");
        assertThat(e.getMessage()).doesNotContain("<script>");
    }

    @Test
    void ids_that_differ_only_in_case_are_different_users() {
        assertThat(UserId.parse("Alice")).isNotEqualTo(UserId.parse("alice"));
        assertThat(UserId.parse("alice")).isEqualTo(UserId.parse("alice"));
    }
}
