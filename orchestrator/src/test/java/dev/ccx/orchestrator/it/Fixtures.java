package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Network;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotNames;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Each user's data the fault suite must never lose (a 1 MiB job file, checked by digest) and the Docker objects
 * it must never orphan: after every fault each known user has exactly one runner and three volumes, nothing else.
 */
final class Fixtures {
    private static final String FILE = "/v1/jobs/keep/files/data.bin";
    private final ItEnvironment env;
    private final ItCalls api;
    private final SlotNames names;
    private final Map<String, String> digests = new TreeMap<>();

    private Fixtures(ItEnvironment env, ItCalls api, SlotNames names) {
        this.env = env;
        this.api = api;
        this.names = names;
    }

    static Fixtures plant(ItEnvironment env, ItCalls api, SlotNames names, List<String> users) {
        Fixtures f = new Fixtures(env, api, names);
        users.forEach(f::plantFor);
        return f;
    }

    /** Uploads the user's file (starting their runner) and remembers its digest. */
    void plantFor(String user) {
        byte[] data = new byte[1 << 20];
        new Random(user.hashCode()).nextBytes(data);
        HttpResponse<String> put = api.user("PUT", user, FILE, data);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        digests.put(user, sha256(data));
    }

    /** The user was purged on purpose: their data and objects are expected gone. */
    void forget(String user) {
        digests.remove(user);
        assertThat(env.runners()).extracting(c -> c.getLabels().get(SlotLabels.USER)).doesNotContain(user);
        assertThat(env.volumes()).extracting(v -> v.getLabels().get(SlotLabels.USER)).doesNotContain(user);
    }

    /** Every known user's file is byte-identical, and Docker holds exactly their runners and volumes. */
    void assertIntact() {
        digests.forEach((user, digest) -> assertThat(sha256(api.download(user, FILE))).as(user + "'s file digest")
                .isEqualTo(digest));
        List<String> runners = env.runners().stream().map(c -> c.getLabels().get(SlotLabels.USER)).sorted().toList();
        assertThat(runners).as("one runner per user, no orphans").containsExactlyElementsOf(digests.keySet());
        for (String user : digests.keySet()) {
            assertThat(env.volumes()).filteredOn(v -> user.equals(v.getLabels().get(SlotLabels.USER))).hasSize(3);
        }
        assertThat(env.volumes()).extracting(v -> v.getLabels().get(SlotLabels.USER)).allMatch(digests::containsKey);
        List<String> slots = digests.keySet().stream().map(u -> names.slotName(new UserId(u))).toList();
        for (Network listed : env.docker().listNetworksCmd()
                .withFilter("label", List.of(SlotLabels.INSTANCE + "=" + env.instance)).exec()) {
            Network network = env.docker().inspectNetworkCmd().withNetworkId(listed.getId()).exec();
            List<String> attached = network.getContainers() == null ? List.of() : network.getContainers().values()
                    .stream().map(Network.ContainerNetworkConfig::getName).filter(n -> n.startsWith("ccx-" + env.instance + "-")).toList();
            if ("network-spare".equals(network.getLabels().get(SlotLabels.KIND))) {
                // a spare: untaken, or the network of exactly one known user's runner, which lives in the
                // namespace of the spare's anchor (the container named like the network)
                List<String> users = new ArrayList<>(attached.stream().filter(n -> !n.equals(network.getName()))
                        .toList());
                Optional<String> anchor = network.getContainers() == null ? Optional.empty() : network.getContainers()
                        .entrySet().stream().filter(e -> e.getValue().getName().equals(network.getName()))
                        .map(Map.Entry::getKey).findFirst();
                anchor.ifPresent(id -> env.runners().stream()
                        .filter(r -> ("container:" + id).equals(r.getHostConfig().getNetworkMode()))
                        .forEach(r -> users.add(r.getLabels().get(SlotLabels.SLOT))));
                assertThat(users).as("runners on spare " + network.getName()).hasSizeLessThanOrEqualTo(1)
                        .allMatch(slots::contains);
            } else {
                assertThat(slots).as("slot of network " + network.getName())
                        .contains(network.getLabels().get(SlotLabels.SLOT));
            }
        }
    }

    String containerId(String user) {
        return env.docker().inspectContainerCmd(names.slotName(new UserId(user))).exec().getId();
    }

    /** Waits until the user's runner has no CLI process left (the cancelled run's tree was stopped). */
    void awaitNoCliProcess(String user) throws InterruptedException {
        String ps = "";
        for (int i = 0; i < 60; i++) {
            ps = Images.run(Images.repoRoot(), false, "docker", "exec", names.slotName(new UserId(user)),
                    "ps", "-eo", "args");
            if (!ps.contains("claude") && !ps.contains("codex")) {
                return;
            }
            Thread.sleep(250);
        }
        assertThat(ps).as("CLI processes left in " + user + "'s runner").doesNotContain("claude", "codex");
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
