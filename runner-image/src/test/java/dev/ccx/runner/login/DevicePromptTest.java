package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DevicePromptTest {

    private static String fixture(String name) throws Exception {
        try (InputStream in = DevicePromptTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void the_prompt_of_real_codex_0_169_output_is_found_through_its_colour_escapes() throws Exception {
        String output = fixture("codex-0.169-device-auth.txt");
        assertThat(output).contains("\u001B[94m");

        assertThat(DevicePrompt.find(output)).contains(new DevicePrompt("http://127.0.0.1:18932/codex/device",
                "ABCD-12345"));
    }

    @Test
    void the_default_issuer_url_is_found_as_cc_executor_docker_found_it() {
        String output = "1. Open this link in your browser and sign in to your account\n"
                + "   \u001B[94mhttps://auth.openai.com/codex/device\u001B[0m\n\n"
                + "2. Enter this one-time code \u001B[90m(expires in 15 minutes)\u001B[0m\n   \u001B[94mMZHT-0HT0G\u001B[0m\n";

        assertThat(DevicePrompt.find(output)).contains(new DevicePrompt("https://auth.openai.com/codex/device",
                "MZHT-0HT0G"));
    }

    @Test
    void output_without_a_code_has_no_prompt_yet() throws Exception {
        assertThat(DevicePrompt.find(fixture("codex-0.169-device-auth-unreachable.txt"))).isEmpty();
        assertThat(DevicePrompt.find("Welcome to Codex [v0.169.0]\n   https://auth.openai.com/codex/device\n"))
                .isEmpty();
        assertThat(DevicePrompt.find("code ABCD-12345 but no link")).isEmpty();
    }
}
