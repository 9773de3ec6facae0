package dev.ccx.fakemodel.script;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCommandsTest {

    @Test
    void the_write_command_reproduces_content_exactly_with_quotes_and_newlines(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("sub dir/it's.txt");
        String content = "it's \"quoted\" $HOME `x`\nsecond line %s\n";

        Process p = new ProcessBuilder("sh", "-c", ShellCommands.writeFile(target.toString(), content))
                .redirectErrorStream(true).start();

        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(target)).isEqualTo(content);
    }

    @Test
    void relative_paths_are_resolved_against_a_known_cwd_only() {
        assertThat(ShellCommands.absolute("out/a.txt", Optional.of("/work"))).isEqualTo("/work/out/a.txt");
        assertThat(ShellCommands.absolute("./a.txt", Optional.of("/work/"))).isEqualTo("/work/a.txt");
        assertThat(ShellCommands.absolute("/abs.txt", Optional.of("/work"))).isEqualTo("/abs.txt");
        assertThat(ShellCommands.absolute("a.txt", Optional.empty())).isEqualTo("a.txt");
    }
}
