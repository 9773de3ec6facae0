package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PkceTest {

    @Test
    void the_challenge_is_the_rfc_7636_s256_transform_of_the_verifier() {
        // Appendix B of RFC 7636
        assertThat(Pkce.challengeOf("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    @Test
    void generated_values_have_the_sizes_and_alphabets_of_cc_executor_docker() {
        Pkce pkce = Pkce.generate(new SecureRandom());

        assertThat(pkce.verifier()).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(pkce.challenge()).isEqualTo(Pkce.challengeOf(pkce.verifier())).hasSize(43);
        assertThat(pkce.state()).hasSize(64).matches("[0-9a-f]+");
        assertThat(Pkce.generate(new SecureRandom())).isNotEqualTo(pkce);
    }

    @Test
    void the_verifier_never_appears_in_logs() {
        Pkce pkce = Pkce.generate(new SecureRandom());

        assertThat(pkce.toString()).doesNotContain(pkce.verifier()).doesNotContain(pkce.state());
    }
}
