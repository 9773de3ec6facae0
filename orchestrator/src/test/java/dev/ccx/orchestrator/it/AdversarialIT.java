package dev.ccx.orchestrator.it;

import static dev.ccx.orchestrator.it.ItCalls.agentBody;
import static dev.ccx.orchestrator.it.ItCalls.chatBody;
import static dev.ccx.orchestrator.it.ItCalls.code;
import static dev.ccx.orchestrator.it.ItCalls.content;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.HostConfig;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.Jwts;
import dev.ccx.orchestrator.slot.SlotNames;
import dev.ccx.orchestrator.slot.VolumeKind;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #5's adversarial suite: a fully compromised agent in alice's slot (Codex with danger-full-access, then
 * Claude with Bash, both the real CLIs scripted through the fake model) attacks bob, the host, Docker and the
 * orchestrator; every attempt must fail while bob keeps answering. Prints the attempt table and writes it to
 * {@code target/adversarial-report.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdversarialIT {
    static final long QUOTA = 64L << 20;
    /** The orchestrator's JWT HMAC secret for this run: one more secret the agent must not find. */
    static final String JWT_SECRET = "it-jwt-" + randomHex(24);
    static final List<String> RECON = List.of("paths", "proc", "mounts", "own-env", "sweep-canaries", "sweep-secrets",
            "bob-tcp", "bob-tls", "own-agent", "docker-socket", "docker-tcp", "orchestrator-api", "credentials",
            "setuid", "unshare", "ptrace", "syscalls", "rootfs", "kernel");
    static final List<String> BOMBS = List.of("fork-bomb", "memory-bomb", "fill-tmp", "big-file");
    static final AttackReport REPORT = new AttackReport();
    @TempDir
    static Path state;
    @TempDir
    static Path policyDir;
    static ItEnvironment env;
    static ItCalls api;
    static SlotNames names;
    static Canaries canaries;
    static AttackScripts scripts;
    /** The orchestrator's secrets the agent looks for, by name. */
    static Map<String, String> secrets;

    /** The two agents alice's prompt-injected run is carried out by. */
    enum Agent {
        CODEX(true), CLAUDE(false);
        final boolean codex;

        Agent(boolean codex) {
            this.codex = codex;
        }

        String label() {
            return codex ? "codex (danger-full-access)" : "claude (Bash)";
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Path policies = Images.repoRoot().resolve("policies");
        String policy = Files.readString(policies.resolve("default.yaml")).replace("jobs_quota: 2g", "jobs_quota: 64m")
                .replace("overrides: []", "overrides:\n  - match: \"shared-*\"\n    runner: {network: shared}");
        Files.writeString(policyDir.resolve("policy.yaml"), policy);
        Files.copy(policies.resolve("seccomp-runner.json"), policyDir.resolve("seccomp-runner.json"));
        env = new ItEnvironment(state, Map.of("CCX_POLICY_FILE", policyDir.resolve("policy.yaml").toString(),
                "CCX_LISTEN_HOST", "0.0.0.0", "CCX_JWT_HMAC_SECRET", JWT_SECRET));
        api = new ItCalls(env::baseUrl);
        names = new SlotNames(env.instance);
        for (String user : List.of("bob", "alice")) {
            HttpResponse<String> hello = api.chat(user, chatBody("sonnet", "hello from " + user));
            assertThat(hello.statusCode()).as(hello.body()).isEqualTo(200);
        }
        canaries = Canaries.seed(api, names);
        HttpResponse<String> jwt = api.withToken(Jwts.hs256(JWT_SECRET, "alice", 600), "/v1/models");
        assertThat(jwt.statusCode()).as("control: the JWT secret looked for is the one the orchestrator verifies with: "
                + jwt.body()).isEqualTo(200);
        secrets = new LinkedHashMap<>();
        secrets.put("service key", ItEnvironment.SERVICE_KEY);
        secrets.put("admin key", ItEnvironment.ADMIN_KEY);
        secrets.put("JWT HMAC secret", JWT_SECRET);
        secrets.put("CA key", keyLine("ca.key"));
        secrets.put("orchestrator client key", keyLine("orchestrator-client.key"));
        scripts = attackerFacts(new AttackScripts(), "bob", "alice");
    }

    @AfterAll
    static void stop() {
        String table = REPORT.markdown();
        System.out.println("\n=== adversarial suite ===\n" + table);
        REPORT.write(Images.repoRoot().resolve("orchestrator/target/adversarial-report.md"));
        if (env != null) {
            env.close();
        }
    }

    /** What the attacker is handed: the victim's address and names, the way back to the orchestrator, secrets. */
    static AttackScripts attackerFacts(AttackScripts s, String victim, String attacker) {
        ContainerNetwork own = network(attacker);
        s.fact("ME", attacker).fact("BOB_IP", network(victim).getIpAddress()).fact("BOB_JOB", Canaries.JOB)
                .fact("BOB_SLOT", names.slotName(new UserId(victim))).fact("BOB_VOLUMES", String.join(" ",
                        Arrays.stream(VolumeKind.values()).map(k -> names.volumeName(new UserId(victim), k)).toList()))
                .fact("ORCH_HOST", own.getGateway()).fact("ORCH_PORT", Integer.toString(env.orchestrator.port()))
                .fact("GATEWAY", own.getGateway()).fact("CANARY_RE", "ccxcan[a]ry-[a-z]+-[0-9a-f]{16}");
        int i = 0;
        for (String secret : secrets.values()) {
            i++;
            s.fact("S" + i + "A", secret.substring(0, secret.length() / 2))
                    .fact("S" + i + "B", secret.substring(secret.length() / 2));
        }
        return s.fact("SECRET_COUNT", Integer.toString(i)).fact("SECRET_NAMES", String.join(", ", secrets.keySet()));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Agent.class)
    @Order(1)
    void an_agent_in_alices_slot_reads_nothing_of_bobs_and_reaches_no_runner_docker_api_secret_or_privilege(Agent agent) {
        ChatLoad bob = ChatLoad.start(api, "bob");
        HttpResponse<String> r = api.chat("alice", agentBody(agent.codex, "attack",
                scripts.prompt("recon", "start:sweep", "network", "orchestrator", "escalate", "collect:sweep")));
        ChatLoad.Answers bobs = bob.stop();

        List<AttackReport.Row> rows = REPORT.record(agent.label(), content(r), RECON);
        AttackReport.Row bobRow = bobAnswered("bob-during-recon", agent, bobs, "");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertNoLeak(r.body());
        assertThat(content(r)).as("control: alice reads her own canary").contains(canaries.alice());
        assertThat(rows).allSatisfy(row -> assertThat(row.blocked()).as(row.id() + ": " + row.observed()).isTrue());
        assertThat(bobRow.blocked()).as("bob answered throughout: " + bobRow.observed()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Agent.class)
    @Order(2)
    void bombs_in_alices_slot_stay_inside_her_limits_while_bob_keeps_answering(Agent agent) {
        ChatLoad bob = ChatLoad.start(api, "bob");
        List<AttackReport.Row> rows = BOMBS.stream().map(bomb -> REPORT.add(bomb(agent, bomb))).toList();
        ChatLoad.Answers answers = bob.stop();
        HttpResponse<String> after = api.chat("alice", agentBody(agent.codex, "attack", "@fake bash echo alive"));

        AttackReport.Row bobRow = bobAnswered("bob-meanwhile", agent, answers, "; alice's next run: HTTP "
                + after.statusCode());
        assertThat(rows).allSatisfy(row -> assertThat(row.blocked()).as(row.id() + ": " + row.observed()).isTrue());
        assertThat(bobRow.blocked()).as("bob answered throughout: " + bobRow.observed()).isTrue();
        assertThat(after.statusCode()).as("alice's runner serves again: " + after.body()).isEqualTo(200);
    }

    /**
     * One bomb in one run of its own. The script reports what it saw; when the bomb took the CLI down with it (its
     * own run: alice's problem), the container's cgroup counters, read from outside, show whether the limit held.
     */
    private static AttackReport.Row bomb(Agent agent, String name) {
        Map<String, Long> before = limitCounters("alice");
        HttpResponse<String> r = api.chat("alice", agentBody(agent.codex, "attack", scripts.prompt(name)));
        Map<String, Long> after = limitCounters("alice");
        assertNoLeak(r.body());
        String outside = "pids.max " + after.get("pids.max") + ", forks refused " + (after.get("forks.refused")
                - before.get("forks.refused")) + ", OOM kills " + (after.get("oom.kills") - before.get("oom.kills"))
                + ", processes after the run " + after.get("pids.current");
        boolean cleanAfter = after.get("pids.current") < after.get("pids.max") / 2; // nothing of the bomb lingers
        List<AttackReport.Row> seen = r.statusCode() == 200 ? AttackReport.parse(agent.label(), content(r)) : List.of();
        if (!seen.isEmpty()) {
            AttackReport.Row row = seen.get(0);
            return new AttackReport.Row(row.id(), row.agent(), row.blocked() && cleanAfter,
                    row.observed() + " [outside: " + outside + "]");
        }
        boolean held = cleanAfter && switch (name) {
            case "fork-bomb" -> after.get("forks.refused") > before.get("forks.refused");
            case "memory-bomb" -> after.get("oom.kills") > before.get("oom.kills");
            case "big-file" -> r.statusCode() == 507 && "quota_exceeded".equals(code(r)); // the watchdog came first
            default -> false;
        };
        return new AttackReport.Row(name, agent.label(), held, "the run ended with HTTP " + r.statusCode() + " ("
                + ItCalls.json(r).path("error").path("message").asText() + "); from outside: " + outside);
    }

    /** The runner container's pids limit, refused forks, OOM kills and processes, from its cgroup (v1 or v2). */
    static Map<String, Long> limitCounters(String user) {
        String out = "";
        for (int attempt = 0; attempt < 30 && !out.contains("oom.kills"); attempt++) {
            sleepQuietly(attempt == 0 ? 0 : 1000); // a bomb still running leaves no pid for docker exec
            out = Images.run(Images.repoRoot(), false, "docker", "exec", names.slotName(new UserId(user)), "sh", "-c",
                    "cd /sys/fs/cgroup; if [ -d pids ]; then p=pids/pids; m=memory/memory.oom_control;"
                            + " else p=pids; m=memory.events; fi; echo pids.max $(cat $p.max);"
                            + " echo pids.current $(cat $p.current); echo forks.refused $(awk '{print $2}' $p.events);"
                            + " echo oom.kills $(awk '/^oom_kill /{print $2}' $m)");
        }
        Map<String, Long> counters = new HashMap<>();
        out.lines().map(l -> l.split(" ")).filter(f -> f.length == 2).forEach(f -> counters.put(f[0],
                f[1].matches("\\d+") ? Long.parseLong(f[1]) : -1L));
        return counters;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Agent.class)
    @Order(3)
    void endless_writes_to_the_jobs_volume_end_the_run_with_507_and_alice_can_clean_up(Agent agent) {
        ChatLoad bob = ChatLoad.start(api, "bob");
        long start = System.nanoTime();
        HttpResponse<String> r = api.chat("alice", agentBody(agent.codex, "fill", scripts.prompt("fill-jobs")));
        long millis = (System.nanoTime() - start) / 1_000_000;
        long held = ItCalls.json(api.user("GET", "alice", "/v1/jobs", null)).path("usage_bytes").asLong();

        boolean stopped = r.statusCode() == 507 && "quota_exceeded".equals(code(r));
        REPORT.add(new AttackReport.Row("fill-jobs", agent.label(), stopped, "HTTP " + r.statusCode() + " "
                + code(r) + " after " + millis + " ms (whole run); the volume held " + (held >> 20) + " MiB for a quota"
                + " of " + (QUOTA >> 20) + " MiB: " + ItCalls.json(r).path("error").path("message").asText()));
        HttpResponse<String> refused = api.chat("alice", agentBody(agent.codex, "attack", "@fake bash echo hi"));
        HttpResponse<String> deleted = api.user("DELETE", "alice", "/v1/jobs/fill", null);
        HttpResponse<String> healed = api.chat("alice", agentBody(agent.codex, "attack", "@fake bash echo healed"));
        AttackReport.Row bobRow = bobAnswered("bob-during-fill", agent, bob.stop(), "");

        assertThat(stopped).as(r.body()).isTrue();
        assertThat(held).as("overshoot stays bounded").isLessThan(QUOTA + (2L << 30));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(507);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        assertThat(healed.statusCode()).as(healed.body()).isEqualTo(200);
        assertThat(content(healed)).contains("healed");
        assertThat(bobRow.blocked()).as("bob answered throughout: " + bobRow.observed()).isTrue();
    }

    /** Records whether bob got every answer right while an attack ran in alice's slot. */
    private static AttackReport.Row bobAnswered(String id, Agent agent, ChatLoad.Answers answers, String note) {
        return REPORT.add(new AttackReport.Row(id, agent.label(), answers.allRight(), answers.summary() + note));
    }

    @Test
    @Order(4)
    void on_a_shared_network_another_runners_agent_accepts_tcp_but_no_tls_session_without_the_orchestrators_cert() {
        for (String user : List.of("shared-bob", "shared-alice")) {
            assertThat(api.chat(user, chatBody("sonnet", "hello")).statusCode()).isEqualTo(200);
        }
        assertThat(network("shared-alice").getNetworkID()).isEqualTo(network("shared-bob").getNetworkID());
        AttackScripts shared = attackerFacts(new AttackScripts(), "shared-bob", "shared-alice");

        HttpResponse<String> r = api.chat("shared-alice", agentBody(true, "attack", shared.prompt("shared")));

        List<AttackReport.Row> rows = REPORT.record("codex, shared network", content(r), List.of("shared-tls"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(rows).allSatisfy(row -> assertThat(row.blocked()).as(row.observed()).isTrue());
        assertThat(rows.get(0).observed()).contains("exit=0");
    }

    @Test
    @Order(5)
    void after_every_attack_bob_answers_his_tokens_and_files_are_intact_and_alices_files_stay_capped() {
        HttpResponse<String> r = api.chat("bob", chatBody("sonnet", "@fake reply still here"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(content(r)).isEqualTo("still here");
        canaries.assertIntact();
        HostConfig alice = env.docker().inspectContainerCmd(names.slotName(new UserId("alice"))).exec().getHostConfig();
        assertThat(alice.getUlimits()).as("no file larger than the jobs quota")
                .anyMatch(u -> u.getName().equals("fsize") && u.getHardLong() == QUOTA && u.getSoftLong() == QUOTA);
    }

    static void assertNoLeak(String body) {
        for (String value : canaries.bobs()) {
            assertThat(body).as("bob's canary").doesNotContain(value);
        }
        for (String secret : secrets.values()) {
            assertThat(body).as("an orchestrator secret").doesNotContain(secret);
        }
    }

    static ContainerNetwork network(String user) {
        return DockerSupport.runnerEndpoint(env.docker().inspectContainerCmd(names.slotName(new UserId(user))).exec());
    }

    /** The first base64 line of a private key in the orchestrator's state directory. */
    private static String keyLine(String file) throws Exception {
        String line = Files.readString(state.resolve(file), StandardCharsets.US_ASCII).lines().skip(1).findFirst()
                .orElseThrow();
        assertThat(line).hasSizeGreaterThan(40);
        return line;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
