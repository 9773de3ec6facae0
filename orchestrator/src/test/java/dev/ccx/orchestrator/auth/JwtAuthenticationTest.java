package dev.ccx.orchestrator.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.ccx.orchestrator.config.JwtSettings;
import dev.ccx.orchestrator.http.ApiException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-user JWTs as the web backend would sign them, and every way a token can be wrong. */
class JwtAuthenticationTest {
    private static final String SECRET = "jwt-secret-0123456789-0123456789-abc";
    private static final String OTHER_SECRET = "another-secret-0123456789-0123456789";
    private static final String SERVICE_KEY = "svc-key-0123456789abcdef";
    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final KeyPair RSA = TestTokens.rsaKeyPair();
    private static final KeyPair EC = TestTokens.ecKeyPair();

    private static JWTClaimsSet.Builder alice() {
        return TestTokens.claims("alice", NOW, 600);
    }

    private static Date at(long secondsFromNow) {
        return Date.from(NOW.plusSeconds(secondsFromNow));
    }

    static Stream<Arguments> refusedHmacTokens() {
        return Stream.of(
                refused("expired an hour ago", "expired",
                        () -> hs(alice().issueTime(at(-7200)).expirationTime(at(-3600)))),
                refused("expired just beyond the clock skew", "expired",
                        () -> hs(alice().issueTime(at(-600)).expirationTime(at(-31)))),
                refused("without exp", "no exp", () -> hs(alice().expirationTime(null))),
                refused("without sub", "subject", () -> hs(alice().subject(null))),
                refused("with a traversal subject", "subject", () -> hs(alice().subject("../bob"))),
                refused("with a Cyrillic subject", "subject", () -> hs(alice().subject("\u0430lice"))),
                refused("signed with another secret", "signature",
                        () -> TestTokens.hs256(OTHER_SECRET, alice().build())),
                refused("with a tampered subject", "signature", () -> {
                    String[] parts = hs(alice()).split("\\.");
                    return parts[0] + "." + TestTokens.b64(alice().subject("bob").build().toString()) + "." + parts[2];
                }),
                refused("alg=none (unsigned)", "well-formed", () -> TestTokens.unsigned(alice().build())),
                refused("claiming HS256 without a signature", "well-formed",
                        () -> TestTokens.hs256WithoutSignature(alice().build())),
                refused("signed RS256 while only HMAC is configured", "RS256",
                        () -> TestTokens.rs256(RSA, alice().build())),
                refused("signed ES256 while only HMAC is configured", "ES256",
                        () -> TestTokens.es256(EC, alice().build())),
                refused("living longer than the maximum", "lifetime", () -> hs(alice().expirationTime(at(7200)))),
                refused("living longer than the maximum without iat", "lifetime",
                        () -> hs(alice().issueTime(null).expirationTime(at(3700)))),
                refused("backdated iat to stretch its lifetime", "lifetime",
                        () -> hs(alice().issueTime(at(-86_400)).expirationTime(at(600)))),
                refused("not valid for another ten minutes", "not valid yet", () -> hs(alice().notBeforeTime(at(600)))),
                refused("garbage with two dots", "well-formed", () -> "abc.def.ghi"));
    }

    @ParameterizedTest(name = "a token {0} is 401 invalid_token")
    @MethodSource("refusedHmacTokens")
    void a_bad_token_is_refused_with_401_and_a_reason_that_does_not_echo_it(String why, String reason,
                                                                               Supplier<String> token) {
        String presented = token.get();

        ApiException e = refusal(hmacOnly(), presented);

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("invalid_token");
        assertThat(e.publicMessage()).contains(reason).doesNotContain(presented).doesNotContain(SECRET);
        assertThat(e.getMessage()).doesNotContain(presented);
    }

    static Stream<Arguments> acceptedHmacTokens() {
        return Stream.of(
                Arguments.of("valid for ten minutes", (Supplier<String>) () -> hs(alice())),
                Arguments.of("expired within the clock skew",
                        (Supplier<String>) () -> hs(alice().issueTime(at(-600)).expirationTime(at(-10)))),
                Arguments.of("without iat but a short exp", (Supplier<String>) () -> hs(alice().issueTime(null))),
                Arguments.of("with nbf in the past", (Supplier<String>) () -> hs(alice().notBeforeTime(at(-60)))),
                Arguments.of("with nbf within the clock skew",
                        (Supplier<String>) () -> hs(alice().notBeforeTime(at(10)))),
                Arguments.of("of exactly the maximum lifetime",
                        (Supplier<String>) () -> hs(alice().expirationTime(at(3600)))),
                Arguments.of("with an issuer and audience nobody asked for",
                        (Supplier<String>) () -> hs(alice().issuer("x").audience("y"))));
    }

    @ParameterizedTest(name = "a token {0} is accepted")
    @MethodSource("acceptedHmacTokens")
    void a_good_hmac_token_authenticates_its_subject(String why, Supplier<String> token) {
        Principal caller = hmacOnly().authenticate("Bearer " + token.get(), null);

        assertThat(caller.role()).isEqualTo(Role.USER);
        assertThat(caller.subject()).contains(new UserId("alice"));
        assertThat(caller.credentialId()).isEqualTo("jwt");
    }

    @Test
    void a_token_in_x_api_key_works_like_a_bearer_token() {
        assertThat(hmacOnly().authenticate(null, hs(alice())).subject()).contains(new UserId("alice"));
    }

    @Test
    void issuer_and_audience_are_enforced_when_configured() {
        Authenticator strict = authenticator(settings(Optional.of(SECRET), Optional.empty(),
                Optional.of("https://app.example"), Optional.of("ccx")));

        assertThat(strict.authenticate("Bearer " + hs(alice().issuer("https://app.example").audience(List.of("x", "ccx"))),
                null).subject()).contains(new UserId("alice"));
        for (JWTClaimsSet.Builder wrong : List.of(alice().issuer("https://evil.example").audience("ccx"),
                alice().audience("ccx"), alice().issuer("https://app.example").audience("other"),
                alice().issuer("https://app.example"))) {
            ApiException e = refusal(strict, hs(wrong));
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.publicMessage()).containsAnyOf("issuer", "audience");
        }
    }

    @Test
    void rsa_signed_tokens_verify_against_the_configured_public_key() {
        Authenticator rsa = authenticator(settings(Optional.empty(), Optional.of(TestTokens.pem(RSA.getPublic())),
                Optional.empty(), Optional.empty()));

        assertThat(rsa.authenticate("Bearer " + TestTokens.rs256(RSA, alice().build()), null).subject())
                .contains(new UserId("alice"));
        assertThat(refusal(rsa, TestTokens.rs256(TestTokens.rsaKeyPair(), alice().build())).publicMessage())
                .contains("signature");
        assertThat(refusal(rsa, hs(alice())).publicMessage()).contains("HS256");
    }

    @Test
    void the_public_key_cannot_be_used_as_an_hmac_secret_to_forge_tokens() {
        String pem = TestTokens.pem(RSA.getPublic());
        Authenticator rsa = authenticator(settings(Optional.empty(), Optional.of(pem), Optional.empty(),
                Optional.empty()));

        ApiException e = refusal(rsa, TestTokens.hs256(pem, alice().build()));

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.code()).isEqualTo("invalid_token");
    }

    @Test
    void ec_signed_tokens_verify_against_the_configured_public_key_and_still_need_exp() {
        Authenticator ec = authenticator(settings(Optional.empty(), Optional.of(TestTokens.pem(EC.getPublic())),
                Optional.empty(), Optional.empty()));

        assertThat(ec.authenticate("Bearer " + TestTokens.es256(EC, alice().build()), null).subject())
                .contains(new UserId("alice"));
        assertThat(refusal(ec, TestTokens.es256(EC, alice().expirationTime(null).build())).publicMessage())
                .contains("no exp");
        assertThat(refusal(ec, TestTokens.es256(TestTokens.ecKeyPair(), alice().build())).publicMessage())
                .contains("signature");
    }

    @Test
    void hmac_and_a_public_key_may_be_configured_together() {
        Authenticator both = authenticator(settings(Optional.of(SECRET), Optional.of(TestTokens.pem(RSA.getPublic())),
                Optional.empty(), Optional.empty()));

        assertThat(both.authenticate("Bearer " + hs(alice()), null).role()).isEqualTo(Role.USER);
        assertThat(both.authenticate("Bearer " + TestTokens.rs256(RSA, alice().build()), null).role())
                .isEqualTo(Role.USER);
        assertThat(both.authenticate("Bearer " + SERVICE_KEY, null).role()).isEqualTo(Role.SERVICE);
    }

    private static Arguments refused(String why, String reason, Supplier<String> token) {
        return Arguments.of(why, reason, token);
    }

    private static String hs(JWTClaimsSet.Builder claims) {
        return TestTokens.hs256(SECRET, claims.build());
    }

    private static ApiException refusal(Authenticator auth, String token) {
        return catchThrowableOfType(ApiException.class, () -> auth.authenticate("Bearer " + token, null));
    }

    private static Authenticator hmacOnly() {
        return authenticator(settings(Optional.of(SECRET), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static JwtSettings settings(Optional<String> secret, Optional<String> pem, Optional<String> issuer,
                                        Optional<String> audience) {
        return new JwtSettings(secret, pem, issuer, audience, Duration.ofHours(1), Duration.ofSeconds(30));
    }

    private static Authenticator authenticator(JwtSettings jwt) {
        return new Authenticator(new CallerKeys(List.of(SERVICE_KEY), List.of("adm-key-0123456789abcdef")),
                new JwtVerifier(jwt, Clock.fixed(NOW, ZoneOffset.UTC)));
    }
}
