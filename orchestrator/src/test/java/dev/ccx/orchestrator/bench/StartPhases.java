package dev.ccx.orchestrator.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The benchmark phases about starting runners: cold starts of fresh users, resumes of stopped and of paused
 * runners (each measured one at a time, on an otherwise idle system, until the first response byte), the idle
 * memory of the runners just started, and starting many slots at once without measuring.
 */
final class StartPhases {
    private static final long SETTLE_MILLIS = 1500;
    private final BenchStack stack;
    private final BenchCalls calls;
    private final BenchTable table;
    private final Map<String, List<Double>> starts;
    private final Set<String> started = ConcurrentHashMap.newKeySet();

    StartPhases(BenchStack stack, BenchCalls calls, BenchTable table, Map<String, List<Double>> starts) {
        this.stack = stack;
        this.calls = calls;
        this.table = table;
        this.starts = starts;
    }

    /** Fresh users: the per-user network, three volumes and the container are all created. */
    void coldStarts(List<String> users) throws InterruptedException {
        for (String user : users) {
            Thread.sleep(SETTLE_MILLIS);
            record("cold start", user, calls.chat(user, true));
            started.add(user);
        }
    }

    /** Resident memory of each runner, a few seconds after its last request. */
    void idleRunnerMemory(List<String> users) throws InterruptedException {
        Thread.sleep(5000);
        List<Double> rss = new ArrayList<>();
        List<Double> anonymous = new ArrayList<>();
        for (String user : users) {
            RunnerMemory.Usage usage = RunnerMemory.of(stack.docker, stack.slot(user));
            rss.add(usage.rssMiB());
            if (!Double.isNaN(usage.anonymousMiB())) {
                anonymous.add(usage.anonymousMiB());
            }
        }
        table.add("idle runner RSS, tini+JVM+stunnel (MiB)", Summary.of(rss), false, "<= 48");
        table.add("  of which anonymous, per runner (MiB)", Summary.of(anonymous), false, "");
        SlotBench.log("idle runner RSS (MiB): " + rss);
    }

    /** Stop through the admin API (the container is kept), then the next request resumes it. */
    void stoppedResumes(List<String> users) throws IOException, InterruptedException {
        for (String user : users) {
            calls.stop(user);
            Thread.sleep(SETTLE_MILLIS);
            record("resume (stopped)", user, calls.chat(user, true));
        }
        table.add("resume: stopped container -> first byte (ms)", Summary.of(starts.get("resume (stopped)")),
                false, "<= 400");
    }

    /** Users whose policy pauses them one second after their last request; the next request unpauses them. */
    void pausedResumes(List<String> users) throws InterruptedException {
        for (String user : users) {
            long deadline = System.currentTimeMillis() + 20_000;
            while (!stack.paused(user)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the runner of " + user + " was not paused; is limits.pause_after"
                            + " supported by this orchestrator? (PAUSE=0 skips this phase)");
                }
                Thread.sleep(100);
            }
            Thread.sleep(300);
            record("resume (paused)", user, calls.chat(user, true));
        }
        table.add("resume: paused container -> first byte (ms)", Summary.of(starts.get("resume (paused)")),
                false, "<= 400");
    }

    /** Starts every user not started yet, four at a time, failing on any error. */
    void startAll(List<String> users) throws Exception {
        List<String> fresh = users.stream().filter(u -> !started.contains(u)).toList();
        if (fresh.isEmpty()) {
            return;
        }
        SlotBench.log("starting " + fresh.size() + " more slot(s)");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BenchCalls.Timing>> results = new ArrayList<>();
            for (String user : fresh) {
                results.add(pool.submit(() -> calls.chat(user, true)));
            }
            for (int i = 0; i < fresh.size(); i++) {
                BenchCalls.Timing t = results.get(i).get();
                if (!t.ok()) {
                    throw new IllegalStateException("starting " + fresh.get(i) + " failed: " + t.problem());
                }
                started.add(fresh.get(i));
            }
        } finally {
            pool.shutdown();
        }
    }

    int startedCount() {
        return started.size();
    }

    private void record(String kind, String user, BenchCalls.Timing t) {
        if (!t.ok()) {
            throw new IllegalStateException(kind + " of " + user + " failed: " + t.problem());
        }
        starts.computeIfAbsent(kind, k -> new ArrayList<>()).add(t.firstByteMillis());
        SlotBench.log(String.format("%s %s: %.0f ms", kind, user, t.firstByteMillis()));
    }
}
