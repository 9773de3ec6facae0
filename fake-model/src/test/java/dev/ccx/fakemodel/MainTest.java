package dev.ccx.fakemodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void the_port_comes_from_the_argument_then_the_environment_then_the_default() {
        assertThat(Main.port(new String[] {"9001"}, Map.of("FAKE_MODEL_PORT", "9002"))).isEqualTo(9001);
        assertThat(Main.port(new String[0], Map.of("FAKE_MODEL_PORT", "9002"))).isEqualTo(9002);
        assertThat(Main.port(new String[0], Map.of())).isEqualTo(8089);
    }

    @Test
    void a_non_numeric_port_is_refused_with_its_value() {
        assertThatThrownBy(() -> Main.port(new String[] {"http"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("http");
    }
}
