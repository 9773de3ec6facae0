package dev.ccx.orchestrator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallerKeysTest {
    @TempDir
    Path dir;

    @Test
    void without_configured_keys_a_service_and_an_admin_key_are_generated_readable_only_by_the_owner() throws Exception {
        Path state = dir.resolve("state"); // not created yet: the first start creates it

        CallerKeys keys = CallerKeys.loadOrGenerate(List.of(), List.of(), state);

        Path serviceFile = state.resolve(CallerKeys.SERVICE_KEY_FILE);
        Path adminFile = state.resolve(CallerKeys.ADMIN_KEY_FILE);
        assertThat(keys.serviceKeys()).singleElement().asString().startsWith("ccx_svc_").hasSizeGreaterThan(40);
        assertThat(keys.adminKeys()).singleElement().asString().startsWith("ccx_adm_").hasSizeGreaterThan(40);
        assertThat(Files.readString(serviceFile).trim()).isEqualTo(keys.serviceKeys().get(0));
        assertThat(Files.readString(adminFile).trim()).isEqualTo(keys.adminKeys().get(0));
        for (Path file : List.of(serviceFile, adminFile)) {
            assertThat(Files.getPosixFilePermissions(file))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        try (var leftovers = Files.list(state)) {
            assertThat(leftovers.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("service.key", "admin.key");
        }
    }

    @Test
    void generated_keys_survive_a_restart() {
        CallerKeys first = CallerKeys.loadOrGenerate(List.of(), List.of(), dir);

        CallerKeys second = CallerKeys.loadOrGenerate(List.of(), List.of(), dir);

        assertThat(second).isEqualTo(first);
    }

    @Test
    void two_installations_never_share_generated_keys_and_service_and_admin_keys_differ(@TempDir Path other) {
        CallerKeys a = CallerKeys.loadOrGenerate(List.of(), List.of(), dir);
        CallerKeys b = CallerKeys.loadOrGenerate(List.of(), List.of(), other);

        assertThat(a.serviceKeys()).doesNotContainAnyElementsOf(b.serviceKeys());
        assertThat(a.serviceKeys().get(0).substring(8)).isNotEqualTo(a.adminKeys().get(0).substring(8));
    }

    @Test
    void configured_keys_win_over_generated_ones() {
        CallerKeys generated = CallerKeys.loadOrGenerate(List.of(), List.of(), dir);

        CallerKeys configured = CallerKeys.loadOrGenerate(List.of("svc-configured-0123456789"),
                List.of("adm-configured-0123456789", "adm-configured-second-0123"), dir);

        assertThat(configured.serviceKeys()).containsExactly("svc-configured-0123456789");
        assertThat(configured.adminKeys()).containsExactly("adm-configured-0123456789", "adm-configured-second-0123");
        assertThat(configured.serviceKeys()).doesNotContainAnyElementsOf(generated.serviceKeys());
    }

    @Test
    void a_configured_service_key_does_not_stop_an_admin_key_being_generated(@TempDir Path fresh) {
        CallerKeys keys = CallerKeys.loadOrGenerate(List.of("svc-configured-0123456789"), List.of(), fresh);

        assertThat(keys.adminKeys()).singleElement().asString().startsWith("ccx_adm_");
        assertThat(fresh.resolve(CallerKeys.SERVICE_KEY_FILE)).doesNotExist();
        assertThat(fresh.resolve(CallerKeys.ADMIN_KEY_FILE)).exists();
    }

    @Test
    void a_truncated_key_file_is_replaced_with_a_fresh_private_key() throws Exception {
        Path file = dir.resolve(CallerKeys.SERVICE_KEY_FILE);
        Files.writeString(file, "short\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        CallerKeys keys = CallerKeys.loadOrGenerate(List.of(), List.of(), dir);

        assertThat(keys.serviceKeys().get(0)).startsWith("ccx_svc_");
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void to_string_counts_keys_without_showing_them() {
        CallerKeys keys = CallerKeys.loadOrGenerate(List.of(), List.of(), dir);

        assertThat(keys.toString()).doesNotContain(keys.serviceKeys().get(0)).doesNotContain(keys.adminKeys().get(0))
                .contains("service=1", "admin=1");
    }
}
