package dev.ccx.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void uuids_are_random_version_4_ietf_variant_and_do_not_repeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = Ids.uuid();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void hex_has_the_length_asked_for_lower_case_digits_and_uses_all_sixteen() {
        Set<Character> digits = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = Ids.hex(12);
            assertThat(id).hasSize(12).matches("[0-9a-f]{12}");
            id.chars().forEach(c -> digits.add((char) c));
            assertThat(seen.add(id)).isTrue();
        }
        assertThat(digits).hasSize(16);
        assertThat(Ids.hex(0)).isEmpty();
    }
}
