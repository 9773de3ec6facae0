package dev.ccx.orchestrator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slot benchmark (issue #8): cold start, resume (stopped and paused), warm forwarding overhead, throughput,
 * idle runner memory, orchestrator memory with many slots, and idle slots under streaming load, all through a real
 * orchestrator process on real Docker with stand-in CLIs. Prints one table and writes the start-time plot.
 * Run it with {@code orchestrator/bench/slot-bench.sh}; see docs/performance.md for the method.
 */
public final class SlotBench {
    private final BenchSettings settings;
    private final BenchStack stack;
    private final BenchCalls calls;
    private final BenchTable table = new BenchTable();
    private final Map<String, List<Double>> starts = new LinkedHashMap<>();
    private final List<String> coldUsers;
    private final List<String> pausedUsers;
    private final List<String> allUsers = new ArrayList<>();
    private String loadAfterStarts = "-";

    private SlotBench(BenchSettings settings, BenchStack stack) {
        this.settings = settings;
        this.stack = stack;
        this.calls = new BenchCalls(stack);
        this.coldUsers = names("bench-c", settings.runs());
        this.pausedUsers = settings.pause() ? names(BenchStack.PAUSED_USERS, settings.runs()) : List.of();
        int others = Math.max(settings.users(), settings.idleSlots() + settings.loadStreams())
                - coldUsers.size() - pausedUsers.size();
        allUsers.addAll(coldUsers);
        allUsers.addAll(names("bench-t", Math.max(1, others)));
        allUsers.addAll(pausedUsers);
    }

    public static void main(String[] args) throws Exception {
        BenchSettings settings = BenchSettings.fromEnv(System.getenv());
        String loadBefore = Machine.loadAverage();
        Machine.warnIfBusy();
        String header;
        SlotBench bench;
        try (BenchStack stack = BenchStack.start(settings)) {
            bench = new SlotBench(settings, stack);
            header = String.format("%s, %d CPUs, Docker %s, runner image %s", DateTimeFormatter
                    .ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(ZonedDateTime.now(ZoneOffset.UTC)),
                    Runtime.getRuntime().availableProcessors(), stack.dockerVersion(), BenchStack.IMAGE);
            bench.runAll();
        }
        String load = "load average (1, 5, 15 min) " + loadBefore + " before, " + bench.loadAfterStarts
                + " after the start measurements, " + Machine.loadAverage() + " at the end (the load runs load it)";
        System.out.println();
        System.out.println("ccx slot benchmark: " + header);
        System.out.println(load);
        bench.table.print(System.out);
        ColdStartPlot.write(settings.plot(), "ccx runner start: time to the first response byte through the orchestrator",
                header + "\nload average " + loadBefore + " before, " + bench.loadAfterStarts + " after these starts",
                ColdStartPlot.rows(bench.starts, Map.of("cold start", 600.0,
                        "resume (stopped)", 400.0, "resume (paused)", 400.0)));
        System.out.println("plot: " + settings.plot());
    }

    private void runAll() throws Exception {
        double rssEmpty = stack.orchestratorRssMiB();
        StartPhases start = new StartPhases(stack, calls, table, starts);
        ServePhases serve = new ServePhases(settings, stack, calls, table);
        SlotBench.log("warm-up: one unmeasured cold start (the orchestrator's own code paths warm up)");
        start.startAll(List.of(allUsers.get(coldUsers.size())));
        start.coldStarts(coldUsers);
        start.coldStarts(pausedUsers);
        table.add("cold start: no container -> first byte (ms)", Summary.of(starts.get("cold start")), false,
                "<= 600");
        start.idleRunnerMemory(coldUsers);
        start.stoppedResumes(coldUsers);
        if (settings.pause()) {
            start.pausedResumes(pausedUsers);
        }
        loadAfterStarts = Machine.loadAverage();
        serve.warmOverhead(coldUsers.get(0));
        start.startAll(allUsers.subList(0, settings.users()));
        serve.throughput(allUsers.subList(0, settings.users()));
        start.startAll(allUsers.subList(0, settings.idleSlots()));
        serve.orchestratorMemory(rssEmpty);
        List<String> loadUsers = allUsers.subList(settings.idleSlots(), settings.idleSlots() + settings.loadStreams());
        start.startAll(loadUsers);
        serve.load(loadUsers, settings.idleSlots(), start.startedCount());
    }

    private static List<String> names(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(String.format("%s%03d", prefix, i));
        }
        return out;
    }

    static void log(String message) {
        System.err.println("[bench] " + message);
    }

    /** The machine the benchmark measures: its load, which every figure is printed next to. */
    static final class Machine {
        private Machine() {}

        static String loadAverage() throws IOException {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        }

        static void warnIfBusy() throws IOException {
            double oneMinute = Double.parseDouble(loadAverage().split(" ")[0]);
            if (oneMinute > 1.5) {
                log("WARNING: 1-minute load average " + oneMinute + " > 1.5: the figures will be slower than this"
                        + " machine can do; rerun when it is quiet");
            }
        }
    }
}
