package dev.ccx.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.runner.testing.Processes;
import dev.ccx.runner.testing.StandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliRunnerTest {

    @TempDir
    Path dir;

    private final CliRunner runner = new CliRunner(new ProcessTree(Duration.ofMillis(300)));

    /** A CLI that starts a background sleep, an orphaned sleep (its parent shell exits at once), and then hangs. */
    private Path hangingCli() {
        return StandIn.script(dir, "cli", """
                echo $$ > "$PIDS/cli"
                sleep 300 &
                echo $! > "$PIDS/child"
                sh -c 'sleep 301 & echo $! > "$PIDS/orphan"'
                echo '{"type":"stream_event","event":{"type":"content_block_delta","delta":{"type":"text_delta","text":"working"}}}'
                sleep 302
                """);
    }

    private CliCommand command(Path program) throws Exception {
        Path pids = Files.createDirectories(dir.resolve("pids"));
        return new CliCommand(List.of(program.toString()), dir, Map.of("PATH", "/usr/bin:/bin", "PIDS",
                pids.toString()), Optional.empty(), Optional.empty());
    }

    @Test
    void a_timeout_kills_the_cli_its_children_and_orphaned_grandchildren() throws Exception {
        List<String> streamed = new ArrayList<>();

        Attempt a = runner.run(command(hangingCli()), new ClaudeOutputParser(), streamed::add,
                Instant.now().plusSeconds(2), new Cancellation());

        assertThat(a).isInstanceOf(Attempt.TimedOut.class);
        assertThat(streamed).containsExactly("working");
        assertAllGone();
    }

    @Test
    void a_cancellation_kills_the_whole_tree_at_once() throws Exception {
        Cancellation cancel = new Cancellation();
        Instant start = Instant.now();

        Attempt a = runner.run(command(hangingCli()), new ClaudeOutputParser(), delta -> cancel.cancel(),
                Instant.now().plusSeconds(60), cancel);

        assertThat(a).isInstanceOf(Attempt.Cancelled.class);
        assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(10));
        assertAllGone();
    }

    @Test
    void processes_left_behind_by_a_cli_that_exited_are_stopped() throws Exception {
        Path cli = StandIn.script(dir, "cli", """
                echo $$ > "$PIDS/cli"
                sleep 300 &
                echo $! > "$PIDS/child"
                sh -c 'sleep 301 & echo $! > "$PIDS/orphan"'
                echo '{"type":"result","subtype":"success","is_error":false,"result":"done","usage":{}}'
                """);

        Attempt a = runner.run(command(cli), new ClaudeOutputParser(), RunListener.NONE,
                Instant.now().plusSeconds(30), new Cancellation());

        assertThat(a).isEqualTo(new Attempt.Succeeded("done", TokenUsage.ZERO));
        assertAllGone();
    }

    @Test
    void stdin_is_empty_and_the_environment_is_exactly_the_one_given() throws Exception {
        Path cli = StandIn.script(dir, "cli", """
                input=$(cat)
                echo "{\\"type\\":\\"result\\",\\"subtype\\":\\"success\\",\\"is_error\\":false,\\"result\\":\\"[$input] $(env | sort | tr '\\n' ' ')\\"}"
                """);

        Attempt a = runner.run(command(cli), new ClaudeOutputParser(), RunListener.NONE,
                Instant.now().plusSeconds(30), new Cancellation());

        assertThat(((Attempt.Succeeded) a).content()).startsWith("[] ")
                .contains("PATH=/usr/bin:/bin", "PIDS=").doesNotContain("HOME=", "JAVA");
    }

    @Test
    void a_spawner_in_a_process_group_of_its_own_is_stopped_with_everything_it_keeps_forking() throws Exception {
        Path cli = StandIn.script(dir, "cli", """
                echo $$ > "$PIDS/cli"
                timeout 300 sh -c 'echo $$ > "$PIDS/child"; while :; do sleep 30 & sleep 0.02; done' &
                sleep 1
                sh -c 'sleep 301 & echo $! > "$PIDS/orphan"'
                echo '{"type":"result","subtype":"success","is_error":false,"result":"done","usage":{}}'
                """);

        Attempt a = runner.run(command(cli), new ClaudeOutputParser(), RunListener.NONE,
                Instant.now().plusSeconds(30), new Cancellation());

        assertThat(a).isEqualTo(new Attempt.Succeeded("done", TokenUsage.ZERO));
        assertAllGone();
        long session = Processes.awaitPid(dir.resolve("pids").resolve("cli"), Duration.ofSeconds(5));
        assertThat(ProcessTree.sessionMembers(session)).as("processes left in the CLI's session").isEmpty();
    }

    @Test
    void the_cli_and_its_children_are_the_oom_killers_first_choice_not_the_agent() throws Exception {
        Path cli = StandIn.script(dir, "cli", """
                child=$(sh -c 'cat /proc/self/oom_score_adj')
                echo "{\\"type\\":\\"result\\",\\"subtype\\":\\"success\\",\\"is_error\\":false,\\"result\\":\\"$child\\"}"
                """);

        Attempt a = runner.run(command(cli), new ClaudeOutputParser(), RunListener.NONE,
                Instant.now().plusSeconds(30), new Cancellation());

        assertThat(((Attempt.Succeeded) a).content()).isEqualTo("1000");
        assertThat(Files.readString(Path.of("/proc/self/oom_score_adj")).strip()).isNotEqualTo("1000");
    }

    private void assertAllGone() throws Exception {
        for (String name : new String[] {"cli", "child", "orphan"}) {
            long pid = Processes.awaitPid(dir.resolve("pids").resolve(name), Duration.ofSeconds(5));
            assertThat(Processes.awaitGone(pid, Duration.ofSeconds(5))).as(name + " " + pid + " gone").isTrue();
        }
    }
}
