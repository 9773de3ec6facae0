package dev.ccx.runner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilePathTest {

    @Test
    void segments_are_decoded_one_by_one_and_plus_stays_a_plus() {
        FilePath p = FilePath.fromUrl("in/sub%20dir/a+b%C3%A9.txt");

        assertThat(p.segments()).containsExactly("in", "sub dir", "a+bé.txt");
        assertThat(p.parents()).containsExactly("in", "sub dir");
        assertThat(p.name()).isEqualTo("a+bé.txt");
        assertThat(p).hasToString("in/sub dir/a+bé.txt");
    }

    @Test
    void traversal_absolute_paths_nul_and_encoded_separators_are_refused() {
        for (String raw : List.of("..", "a/../b", "%2e%2e/x", ".", "a/./b", "/etc/passwd", "%2Fetc%2Fpasswd",
                "a%2Fb", "a%5Cb", "a\\b", "x%00y", "x%0Ay", "a//b", "a/", "", "%", "%4", "%zz", "%ff", "%C3")) {
            assertThatThrownBy(() -> FilePath.fromUrl(raw)).as(raw).isInstanceOf(AgentException.class)
                    .extracting(e -> ((AgentException) e).reason()).isEqualTo(Reason.INVALID_PATH);
        }
    }

    @Test
    void names_are_limited_to_255_bytes_paths_to_1024_characters_and_64_levels() {
        assertThat(FilePath.fromUrl("n".repeat(255)).name()).hasSize(255);
        assertThatThrownBy(() -> FilePath.fromUrl("n".repeat(256))).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> FilePath.fromUrl("%C3%A9".repeat(128))).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> FilePath.fromUrl(("d".repeat(200) + "/").repeat(5) + "x".repeat(30)))
                .hasMessageContaining("1024 characters");
        assertThat(FilePath.fromUrl("d/".repeat(63) + "x").segments()).hasSize(64);
        assertThatThrownBy(() -> FilePath.fromUrl("d/".repeat(64) + "x")).hasMessageContaining("64 segments");
    }
}
