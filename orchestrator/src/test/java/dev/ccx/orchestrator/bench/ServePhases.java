package dev.ccx.orchestrator.bench;

import com.github.dockerjava.api.model.Container;
import dev.ccx.orchestrator.slot.SlotLabels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark phases about serving from runners that are up: the warm forwarding overhead against direct calls,
 * throughput with many users streaming, the orchestrator's memory with many slots, and streams next to many idle
 * slots. Every request must succeed; a failure is counted and shown.
 */
final class ServePhases {
    private final BenchSettings settings;
    private final BenchStack stack;
    private final BenchCalls calls;
    private final BenchTable table;

    ServePhases(BenchSettings settings, BenchStack stack, BenchCalls calls, BenchTable table) {
        this.settings = settings;
        this.stack = stack;
        this.calls = calls;
        this.table = table;
    }

    /**
     * Pairs of the same streaming chat completion, through the orchestrator and straight to the runner over mutual
     * TLS, back to back in alternating order, after a warm-up; the overhead is the difference of the percentiles.
     */
    void warmOverhead(String user) {
        String address = stack.runnerAddress(user);
        int warmUp = settings.warmUpPairs();
        SlotBench.log("warm overhead: " + warmUp + " warm-up and " + settings.warmPairs() + " measured pairs");
        List<Double> viaOrchestrator = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        int errors = 0;
        for (int i = 0; i < warmUp + settings.warmPairs(); i++) {
            boolean orchestratorFirst = i % 2 == 0;
            BenchCalls.Timing a = orchestratorFirst ? calls.chat(user, true) : calls.chatDirect(user, address, true);
            BenchCalls.Timing b = orchestratorFirst ? calls.chatDirect(user, address, true) : calls.chat(user, true);
            BenchCalls.Timing orchestrator = orchestratorFirst ? a : b;
            BenchCalls.Timing straight = orchestratorFirst ? b : a;
            if (!orchestrator.ok() || !straight.ok()) {
                errors++;
                SlotBench.log("warm request failed: " + (orchestrator.ok() ? straight : orchestrator).problem());
            } else if (i >= warmUp) {
                viaOrchestrator.add(orchestrator.totalMillis());
                direct.add(straight.totalMillis());
            }
        }
        Summary o = Summary.of(viaOrchestrator);
        Summary d = Summary.of(direct);
        table.add("warm chat via orchestrator (ms)", o, true, "");
        table.add("warm chat direct mTLS to the agent (ms)", d, true, "");
        table.derived("warm forwarding overhead (ms, p50 / p99)", o.p50() - d.p50(), o.p99() - d.p99(),
                "p50 <= 2, p99 <= 10");
        table.note("  warm-up pairs before measuring", Integer.toString(warmUp), "");
        table.note("  warm request errors", Integer.toString(errors), "0");
    }

    /** {@code users} users with {@code streams} concurrent streams each, {@code rounds} times. */
    void throughput(List<String> users) throws Exception {
        List<Double> perSecond = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        int errors = 0;
        List<String> problems = new ArrayList<>();
        Streams.run(calls, users, settings.streamsPerUser(), 1); // warm-up round
        for (int round = 0; round < settings.rounds(); round++) {
            Streams.Result r = Streams.run(calls, users, settings.streamsPerUser(), settings.requests());
            perSecond.add(r.perSecond());
            latencies.addAll(r.latencyMillis().values());
            errors += r.errors();
            problems.addAll(r.problems());
            SlotBench.log(String.format("throughput round %d: %d requests in %.1f s, %d errors", round + 1,
                    r.requests(), r.seconds(), r.errors()));
        }
        String shape = users.size() + " users x " + settings.streamsPerUser() + " streams";
        table.add("throughput, " + shape + " (req/s)", Summary.of(perSecond), false, "no errors");
        table.add("  request latency under that load (ms)", Summary.of(latencies), true, "");
        table.note("  errors", Integer.toString(errors), "0");
        problems.forEach(p -> SlotBench.log("throughput error: " + p));
    }

    /** The orchestrator's resident set with the slots started so far up and idle (five samples, a second apart). */
    void orchestratorMemory(double emptyMiB) throws IOException, InterruptedException {
        Thread.sleep(5000);
        List<Double> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(stack.orchestratorRssMiB());
            Thread.sleep(1000);
        }
        table.add("orchestrator RSS, no slots yet (MiB)", Summary.of(List.of(emptyMiB)), false, "");
        table.add("orchestrator RSS, " + runningRunners() + " slots up (MiB)", Summary.of(samples), false, "");
        List<Double> pss = new ArrayList<>();
        for (Container runner : running()) {
            double each = RunnerMemory.of(stack.docker, runner.getId()).pssMiB();
            if (!Double.isNaN(each)) {
                pss.add(each);
            }
        }
        table.add("  PSS of each runner, all up (MiB)", Summary.of(pss), false, "");
    }

    /** {@code users} stream (one stream each) while {@code idle} other slots sit idle; all {@code slots} stay up. */
    void load(List<String> users, int idle, int slots) {
        Streams.run(calls, users, 1, 1); // warm-up round
        List<Double> latencies = new ArrayList<>();
        List<Double> perSecond = new ArrayList<>();
        int errors = 0;
        for (int round = 0; round < settings.rounds(); round++) {
            Streams.Result r = Streams.run(calls, users, 1, settings.requests());
            latencies.addAll(r.latencyMillis().values());
            perSecond.add(r.perSecond());
            errors += r.errors();
            r.problems().forEach(p -> SlotBench.log("load error: " + p));
        }
        String shape = idle + " idle slots + " + users.size() + " streams";
        table.add("load, " + shape + ": latency (ms)", Summary.of(latencies), true, "");
        table.add("  requests/s", Summary.of(perSecond), false, "");
        table.note("  errors", Integer.toString(errors), "0");
        table.note("  runners still up afterwards", Integer.toString(runningRunners()), Integer.toString(slots));
    }

    private int runningRunners() {
        return running().size();
    }

    private List<Container> running() {
        return stack.docker.listContainersCmd()
                .withLabelFilter(Map.of(SlotLabels.INSTANCE, stack.instance, SlotLabels.KIND, "runner")).exec();
    }
}
