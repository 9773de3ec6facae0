package dev.ccx.orchestrator.slot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SlotNamesTest {
    /** A DNS label that starts with a letter: what container names, hostnames and certificate SANs all accept. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._@+-";
    private static final String LONGEST_INSTANCE = "abcdefghijklmnopqrstuvwx";

    @Test
    void names_are_readable_and_end_in_a_hash() {
        SlotNames names = new SlotNames("default");

        assertThat(names.slotName(new UserId("alice"))).matches("ccx-alice-[0-9a-f]{16}");
        assertThat(names.slotName(new UserId("Alice.Smith@Example.com")))
                .matches("ccx-alice-smith-example-[0-9a-f]{16}");
        assertThat(new SlotNames("prod").slotName(new UserId("alice"))).matches("ccx-prod-alice-[0-9a-f]{16}");
    }

    @ParameterizedTest(name = "instance \"{0}\"")
    @ValueSource(strings = {"default", "prod", "a", "9lives", LONGEST_INSTANCE})
    void every_valid_user_id_gets_a_dns_safe_name_of_at_most_63_characters(String instance) {
        SlotNames names = new SlotNames(instance);

        for (UserId user : sampleUsers(instance.hashCode())) {
            String slot = names.slotName(user);
            assertThat(slot).as("slot of %s", user).hasSizeLessThanOrEqualTo(63).matches(DNS_LABEL);
            assertThat(slot + "-net").as("per-user network of %s", user).matches("[a-z0-9-]+");
            for (VolumeKind kind : VolumeKind.values()) {
                assertThat(names.volumeName(user, kind)).matches("[a-z][a-z0-9-]*");
            }
        }
    }

    @Test
    void ids_differing_only_in_case_or_punctuation_never_share_a_slot() {
        SlotNames names = new SlotNames("default");
        List<String> lookalikes = List.of("alice", "Alice", "ALICE", "alice.", "alice-", "alice_", "a.lice", "a-lice",
                "alice@x", "alice+x", "alice.x", "alice-x", "alice_x");

        Set<String> slots = new HashSet<>();
        lookalikes.forEach(id -> slots.add(names.slotName(new UserId(id))));

        assertThat(slots).hasSameSizeAs(lookalikes);
    }

    @Test
    void ids_sharing_a_long_readable_prefix_still_get_distinct_names() {
        SlotNames names = new SlotNames(LONGEST_INSTANCE);
        String prefix = "team-alpha-reporting-service-";

        Set<String> slots = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            slots.add(names.slotName(new UserId(prefix + i)));
        }

        assertThat(slots).hasSize(1000);
    }

    @Test
    void names_are_deterministic_across_restarts() {
        UserId user = new UserId("Alice.Smith@Example.com");

        assertThat(new SlotNames("prod").slotName(user)).isEqualTo(new SlotNames("prod").slotName(user));
        assertThat(new SlotNames("prod").volumeName(user, VolumeKind.JOBS))
                .isEqualTo(new SlotNames("prod").volumeName(user, VolumeKind.JOBS));
    }

    @Test
    void two_orchestrator_instances_on_one_host_never_share_a_users_slot_or_volumes() {
        UserId alice = new UserId("alice");
        SlotNames blue = new SlotNames("blue");
        SlotNames green = new SlotNames("green");

        assertThat(blue.slotName(alice)).isNotEqualTo(green.slotName(alice));
        assertThat(hash(blue.slotName(alice))).isNotEqualTo(hash(green.slotName(alice)));
        for (VolumeKind kind : VolumeKind.values()) {
            assertThat(blue.volumeName(alice, kind)).isNotEqualTo(green.volumeName(alice, kind));
        }
    }

    @Test
    void each_volume_kind_has_its_own_name_derived_from_the_slot() {
        SlotNames names = new SlotNames("default");
        UserId alice = new UserId("alice");
        String slot = names.slotName(alice);

        assertThat(names.volumeName(alice, VolumeKind.CLAUDE)).isEqualTo(slot + "-claude");
        assertThat(names.volumeName(alice, VolumeKind.CODEX)).isEqualTo(slot + "-codex");
        assertThat(names.volumeName(alice, VolumeKind.JOBS)).isEqualTo(slot + "-jobs");
    }

    @Test
    void an_id_without_letters_or_digits_after_the_first_still_gets_a_name() {
        SlotNames names = new SlotNames("default");

        assertThat(names.slotName(new UserId("7"))).matches("ccx-7-[0-9a-f]{16}");
        assertThat(names.slotName(new UserId("a._@"))).matches("ccx-a-[0-9a-f]{16}");
    }

    private static String hash(String slot) {
        return slot.substring(slot.length() - 16);
    }

    private static List<UserId> sampleUsers(long seed) {
        Random random = new Random(seed);
        List<UserId> users = new ArrayList<>(List.of(new UserId("a"), new UserId("Z"), new UserId("0"),
                new UserId("a".repeat(UserId.MAX_LENGTH)), new UserId("a" + "-".repeat(UserId.MAX_LENGTH - 1)),
                new UserId("first.last@sub.example.co.uk"), new UserId("123e4567-e89b-12d3-a456-426614174000")));
        while (users.size() < 500) {
            StringBuilder id = new StringBuilder().append(ID_ALPHABET.charAt(random.nextInt(62)));
            int length = random.nextInt(UserId.MAX_LENGTH);
            for (int i = 0; i < length; i++) {
                id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
            }
            if (UserId.problem(id.toString()) == null) {
                users.add(new UserId(id.toString()));
            }
        }
        return users;
    }
}
