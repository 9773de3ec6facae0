package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotNames;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Unique strings planted where a user's secrets live (bob's Codex auth.json, Claude credentials and a job file;
 * alice's own auth.json as the attacker's control), so any read of them shows up wherever the attacker looks.
 */
final class Canaries {
    static final String JOB = "secret-job";
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ItCalls api;
    private final SlotNames names;
    private final String bobCodex = fresh("bob");
    private final String bobClaude = fresh("bob");
    private final String bobJob = fresh("bob");
    private final String alice = fresh("alice");

    private Canaries(ItCalls api, SlotNames names) {
        this.api = api;
        this.names = names;
    }

    /** Plants the canaries in bob's and alice's running slots (homes through docker exec, the job by upload). */
    static Canaries seed(ItCalls api, SlotNames names) {
        Canaries c = new Canaries(api, names);
        c.exec("bob", "umask 077 && printf '{\"OPENAI_API_KEY\":\"" + c.bobCodex + "\"}' > /home/runner/.codex/auth.json"
                + " && printf '{\"claudeAiOauth\":{\"accessToken\":\"" + c.bobClaude + "\"}}'"
                + " > /home/runner/.claude/.credentials.json");
        c.exec("alice", "umask 077 && printf '{\"OPENAI_API_KEY\":\"" + c.alice + "\"}' > /home/runner/.codex/auth.json");
        assertThat(api.user("PUT", "bob", "/v1/jobs/" + JOB + "/files/notes.txt",
                ("meeting notes " + c.bobJob + "\n").getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(201);
        return c;
    }

    List<String> bobs() {
        return List.of(bobCodex, bobClaude, bobJob);
    }

    String alice() {
        return alice;
    }

    /** Bob's three secrets are where they were, unchanged. */
    void assertIntact() {
        String homes = exec("bob", "cat /home/runner/.codex/auth.json /home/runner/.claude/.credentials.json");
        assertThat(homes).contains(bobCodex, bobClaude);
        assertThat(api.user("GET", "bob", "/v1/jobs/" + JOB + "/files/notes.txt", null).body()).contains(bobJob);
    }

    private String exec(String user, String script) {
        return Images.run(Images.repoRoot(), true, "docker", "exec", "-u", "10001:10001",
                names.slotName(new UserId(user)), "sh", "-c", script);
    }

    private static String fresh(String user) {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return "ccxcanary-" + user + "-" + HexFormat.of().formatHex(bytes);
    }
}
