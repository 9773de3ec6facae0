package dev.ccx.orchestrator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ccx.orchestrator.config.JwtSettings;
import dev.ccx.orchestrator.http.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys, roles and which user a request acts for; per-user tokens in detail are in {@link JwtAuthenticationTest}. */
class AuthenticatorTest {
    private static final String SERVICE_KEY = "svc-key-0123456789abcdef";
    private static final String SECOND_SERVICE_KEY = "svc-key-second-0123456789";
    private static final String ADMIN_KEY = "adm-key-0123456789abcdef";
    private static final String SECRET = "jwt-secret-0123456789-0123456789-abc";
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");

    private final Authenticator auth = authenticator(Optional.of(SECRET));

    @Test
    void a_service_key_acts_for_the_user_named_in_the_header() {
        Principal caller = auth.authenticate("Bearer " + SERVICE_KEY, null);

        assertThat(caller.role()).isEqualTo(Role.SERVICE);
        assertThat(caller.credentialId()).isEqualTo("service#0").doesNotContain(SERVICE_KEY);
        assertThat(auth.resolveUser(caller, "alice")).isEqualTo(new UserId("alice"));
        assertThat(auth.resolveUser(caller, "bob")).isEqualTo(new UserId("bob"));
    }

    @Test
    void every_configured_service_key_works_and_is_told_apart_in_logs() {
        assertThat(auth.authenticate("Bearer " + SECOND_SERVICE_KEY, null).credentialId()).isEqualTo("service#1");
    }

    @Test
    void a_service_key_without_a_user_header_is_a_bad_request() {
        Principal caller = auth.authenticate("Bearer " + SERVICE_KEY, null);

        for (String header : new String[] {null, ""}) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> auth.resolveUser(caller, header));
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("missing_user");
        }
    }

    @Test
    void a_service_key_naming_a_hostile_user_is_refused_as_an_invalid_user_id() {
        Principal caller = auth.authenticate("Bearer " + SERVICE_KEY, null);

        ApiException e = catchThrowableOfType(ApiException.class, () -> auth.resolveUser(caller, "../bob"));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_user_id");
    }

    @Test
    void the_x_api_key_header_is_accepted_when_there_is_no_bearer_credential() {
        assertThat(auth.authenticate(null, SERVICE_KEY).role()).isEqualTo(Role.SERVICE);
        assertThat(auth.authenticate("Basic dXNlcjpwYXNz", " " + ADMIN_KEY + " ").role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void a_bearer_credential_wins_over_x_api_key() {
        assertThat(auth.authenticate("Bearer " + ADMIN_KEY, SERVICE_KEY).role()).isEqualTo(Role.ADMIN);
    }

    @ParameterizedTest(name = "\"{0} <key>\" is accepted")
    @ValueSource(strings = {"Bearer", "bearer", "BEARER", "bEaReR", "  Bearer"})
    void the_bearer_prefix_is_case_insensitive(String prefix) {
        assertThat(auth.authenticate(prefix + " " + SERVICE_KEY + " ", null).role()).isEqualTo(Role.SERVICE);
    }

    @Test
    void no_credential_at_all_is_401_missing_credentials() {
        for (String[] headers : new String[][] {{null, null}, {"", ""}, {"Bearer ", null}, {"Basic abc", null},
                {"Token " + SERVICE_KEY, null}, {null, "   "}}) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> auth.authenticate(headers[0], headers[1]));
            assertThat(e.status()).as("%s / %s", headers[0], headers[1]).isEqualTo(401);
            assertThat(e.code()).isEqualTo("missing_credentials");
        }
    }

    @ParameterizedTest(name = "\"{0}\" is 401 and never echoed")
    @ValueSource(strings = {"wrong-key-0123456789abcdef", SERVICE_KEY + "x", "svc-key-0123456789abcde",
            "SVC-KEY-0123456789ABCDEF", "svc-key 0123456789abcdef", "not.a.jwt-but-has-dots"})
    void a_wrong_key_is_401_and_the_error_never_contains_what_was_presented(String presented) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> auth.authenticate("Bearer " + presented, null));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isIn("invalid_credentials", "invalid_token");
        assertThat(e.publicMessage()).doesNotContain(presented);
        assertThat(e.getMessage()).doesNotContain(presented);
    }

    @Test
    void the_admin_key_administers_but_cannot_call_the_user_api() {
        Principal admin = auth.authenticate("Bearer " + ADMIN_KEY, null);

        assertThatCode(() -> auth.requireAdmin(admin)).doesNotThrowAnyException();
        ApiException e = catchThrowableOfType(ApiException.class, () -> auth.resolveUser(admin, "alice"));
        assertThat(e.status()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("wrong_role");
    }

    @Test
    void service_keys_and_user_tokens_cannot_administer() {
        Principal service = auth.authenticate("Bearer " + SERVICE_KEY, null);
        Principal user = auth.authenticate("Bearer " + userToken("alice"), null);

        for (Principal caller : List.of(service, user)) {
            ApiException e = catchThrowableOfType(ApiException.class, () -> auth.requireAdmin(caller));
            assertThat(e.status()).isEqualTo(403);
            assertThat(e.code()).isEqualTo("wrong_role");
        }
    }

    @Test
    void a_user_token_acts_for_its_subject_and_may_name_itself_in_the_header() {
        Principal alice = auth.authenticate("Bearer " + userToken("alice"), null);

        assertThat(alice.role()).isEqualTo(Role.USER);
        assertThat(auth.resolveUser(alice, null)).isEqualTo(new UserId("alice"));
        assertThat(auth.resolveUser(alice, "alice")).isEqualTo(new UserId("alice"));
    }

    @ParameterizedTest(name = "a token for alice naming \"{0}\" is 403")
    @ValueSource(strings = {"bob", "Alice", "alice.", "../alice"})
    void a_user_token_naming_someone_else_in_the_header_is_403_user_mismatch(String other) {
        Principal alice = auth.authenticate("Bearer " + userToken("alice"), null);

        ApiException e = catchThrowableOfType(ApiException.class, () -> auth.resolveUser(alice, other));

        assertThat(e.status()).isEqualTo(403);
        assertThat(e.code()).isEqualTo("user_mismatch");
    }

    @Test
    void without_jwt_settings_a_token_is_just_a_wrong_key() {
        Authenticator keysOnly = authenticator(Optional.empty());

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> keysOnly.authenticate("Bearer " + userToken("alice"), null));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("invalid_credentials");
    }

    private static String userToken(String subject) {
        return TestTokens.hs256(SECRET, TestTokens.claims(subject, NOW, 600).build());
    }

    private static Authenticator authenticator(Optional<String> secret) {
        JwtSettings jwt = new JwtSettings(secret, Optional.empty(), Optional.empty(), Optional.empty(),
                Duration.ofHours(1), Duration.ofSeconds(30));
        return new Authenticator(new CallerKeys(List.of(SERVICE_KEY, SECOND_SERVICE_KEY), List.of(ADMIN_KEY)),
                new JwtVerifier(jwt, Clock.fixed(NOW, ZoneOffset.UTC)));
    }
}
