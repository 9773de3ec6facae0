package dev.ccx.runner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

    @TempDir
    Path scratch;

    @TempDir
    Path elsewhere;

    @Test
    void text_files_come_back_byte_exact_including_crlf_and_bom() throws Exception {
        byte[] text = "\uFEFF1\r\n00:00:00,000 --> 00:00:03,200\r\nHallo Welt ✓\r".getBytes("UTF-8");
        Files.write(scratch.resolve("subtitle.srt"), text);

        Map<String, String> files = OutputFiles.collect(scratch, 1 << 20);

        assertThat(files.get("subtitle.srt").getBytes("UTF-8")).isEqualTo(text);
    }

    @Test
    void binary_files_come_back_as_data_base64_and_empty_files_as_empty_strings() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        Files.write(scratch.resolve("cover.png"), png);
        Files.write(scratch.resolve("empty.txt"), new byte[0]);

        Map<String, String> files = OutputFiles.collect(scratch, 1 << 20);

        assertThat(files).containsEntry("cover.png", "data:base64," + Base64.getEncoder().encodeToString(png))
                .containsEntry("empty.txt", "");
    }

    @Test
    void nested_files_are_keyed_by_relative_path_in_sorted_order() throws Exception {
        Files.createDirectories(scratch.resolve("sub/deeper"));
        Files.writeString(scratch.resolve("b.txt"), "b");
        Files.writeString(scratch.resolve("a.txt"), "a");
        Files.writeString(scratch.resolve("sub/deeper/c.json"), "{}");
        Files.writeString(scratch.resolve(".hidden"), "h");

        assertThat(OutputFiles.collect(scratch, 1 << 20).keySet())
                .containsExactly(".hidden", "a.txt", "b.txt", "sub/deeper/c.json");
    }

    @Test
    void symbolic_links_are_never_followed_out_of_the_scratch_directory() throws Exception {
        Files.writeString(elsewhere.resolve("token.json"), "secret");
        Files.createSymbolicLink(scratch.resolve("leak.txt"), elsewhere.resolve("token.json"));
        Files.createSymbolicLink(scratch.resolve("leakdir"), elsewhere);
        Files.writeString(scratch.resolve("ok.txt"), "ok");

        Map<String, String> files = OutputFiles.collect(scratch, 1 << 20);

        assertThat(files).containsOnlyKeys("ok.txt");
        assertThat(files.values()).noneMatch(v -> v.contains("secret"));
        Files.delete(scratch.resolve("leak.txt"));
        Files.delete(scratch.resolve("leakdir"));
    }

    @Test
    void deliverables_over_the_size_cap_are_a_clear_error() throws Exception {
        Files.write(scratch.resolve("a.bin"), new byte[600]);
        Files.write(scratch.resolve("b.bin"), new byte[600]);

        assertThatThrownBy(() -> OutputFiles.collect(scratch, 1000))
                .isInstanceOfSatisfying(AgentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.OUTPUT_TOO_LARGE);
                    assertThat(e.getMessage()).contains("exceed the limit of 1000 bytes");
                });
    }
}
