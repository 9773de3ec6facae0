package dev.ccx.orchestrator.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Many concurrent streams through the orchestrator: every stream is a client sending streaming chat completions
 * one after another for one user; all streams start together. Counts requests, errors and wall time.
 */
final class Streams {
    private Streams() {}

    /** One run: how many requests, how many failed (with the first few problems), how long it took. */
    record Result(int requests, int errors, double seconds, Summary latencyMillis, List<String> problems) {
        double perSecond() {
            return requests / seconds;
        }
    }

    static Result run(BenchCalls calls, List<String> users, int streamsPerUser, int requestsPerStream) {
        int streams = users.size() * streamsPerUser;
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        CountDownLatch go = new CountDownLatch(1);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> running = new ArrayList<>();
        for (String user : users) {
            for (int s = 0; s < streamsPerUser; s++) {
                running.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < requestsPerStream; i++) {
                        BenchCalls.Timing t = calls.chat(user, true);
                        if (t.ok()) {
                            latencies.add(t.totalMillis());
                        } else {
                            problems.add(user + ": " + t.problem());
                        }
                    }
                    return null;
                }));
            }
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (ExecutionException e) {
                problems.add(e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                problems.add("interrupted");
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        int total = streams * requestsPerStream;
        return new Result(total, problems.size(), seconds, Summary.of(latencies),
                problems.subList(0, Math.min(5, problems.size())));
    }
}
