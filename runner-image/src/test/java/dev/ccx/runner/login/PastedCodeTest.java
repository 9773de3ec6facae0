package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PastedCodeTest {

    private static PastedCode parsed(String paste) {
        return PastedCode.parse(paste).orElseThrow();
    }

    @Test
    void a_bare_code_has_no_state() {
        assertThat(parsed("  abc123 \n")).isEqualTo(new PastedCode("abc123", Optional.empty()));
    }

    @Test
    void code_hash_state_is_split_at_the_first_hash_and_trimmed() {
        assertThat(parsed("abc123 # st#ate ")).isEqualTo(new PastedCode("abc123", Optional.of("st#ate")));
    }

    @Test
    void code_ampersand_state_is_split() {
        assertThat(parsed("abc123&state=xyz")).isEqualTo(new PastedCode("abc123", Optional.of("xyz")));
    }

    @Test
    void a_full_callback_url_gives_code_and_state_from_its_query() {
        assertThat(parsed("https://console.anthropic.com/oauth/code/callback?code=a%2Fb&state=s1"))
                .isEqualTo(new PastedCode("a/b", Optional.of("s1")));
    }

    @Test
    void a_callback_url_may_carry_code_and_state_in_its_fragment() {
        assertThat(parsed("https://console.anthropic.com/oauth/code/callback#code=abc&state=s2"))
                .isEqualTo(new PastedCode("abc", Optional.of("s2")));
    }

    @Test
    void nothing_usable_is_no_code() {
        assertThat(PastedCode.parse("")).isEmpty();
        assertThat(PastedCode.parse(null)).isEmpty();
        assertThat(PastedCode.parse("#state-only")).isEmpty();
        assertThat(PastedCode.parse("https://console.anthropic.com/oauth/code/callback?state=s")).isEmpty();
        assertThat(PastedCode.parse("https://bad url with spaces?code=x")).isEmpty();
    }
}
