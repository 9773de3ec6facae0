package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialFilesTest {

    @TempDir
    Path home;

    @Test
    void a_written_file_is_owner_only_and_no_temporary_file_is_left_behind() throws Exception {
        CredentialFiles.write(home, ".credentials.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));

        Path file = home.resolve(".credentials.json");
        assertThat(Files.readString(file)).isEqualTo("{\"a\":1}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Stream<Path> files = Files.list(home)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void replacing_a_world_readable_file_leaves_a_new_owner_only_file() throws Exception {
        Path file = home.resolve("auth.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Object before = Files.getAttribute(file, "unix:ino");

        CredentialFiles.write(home, "auth.json", "new".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(file)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.getAttribute(file, "unix:ino")).as("replaced by rename, not rewritten").isNotEqualTo(before);
    }

    @Test
    void a_symlink_is_replaced_not_followed() throws Exception {
        Path outside = Files.createTempFile("outside", ".json");
        Files.writeString(outside, "untouched");
        Files.createSymbolicLink(home.resolve("auth.json"), outside);

        CredentialFiles.write(home, "auth.json", "{}".getBytes(StandardCharsets.UTF_8));

        assertThat(Files.readString(outside)).isEqualTo("untouched");
        assertThat(Files.isSymbolicLink(home.resolve("auth.json"))).isFalse();
        Files.delete(outside);
    }

    @Test
    void reading_ignores_symlinks_and_non_objects() throws Exception {
        Files.writeString(home.resolve("list.json"), "[1]");
        Files.writeString(home.resolve("ok.json"), "{\"k\":\"v\"}");
        Files.createSymbolicLink(home.resolve("link.json"), home.resolve("ok.json"));

        assertThat(CredentialFiles.readObject(home.resolve("list.json"))).isEmpty();
        assertThat(CredentialFiles.readObject(home.resolve("link.json"))).isEmpty();
        assertThat(CredentialFiles.readObject(home.resolve("missing.json"))).isEmpty();
        assertThat(CredentialFiles.readObject(home.resolve("ok.json")).orElseThrow().path("k").asText())
                .isEqualTo("v");
    }
}
