package dev.ccx.orchestrator.it;

import static dev.ccx.orchestrator.it.ItCalls.chatBody;
import static dev.ccx.orchestrator.it.ItCalls.content;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A user chatting in a loop in the background; {@link #stop()} returns each answer's status and milliseconds. */
final class ChatLoad {
    private final List<long[]> answers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private ChatLoad(ItCalls api, String user) {
        thread = new Thread(() -> {
            for (int i = 0; running.get(); i++) {
                long t0 = System.nanoTime();
                HttpResponse<String> r = api.chat(user, chatBody("sonnet", "@fake reply " + user + "-" + i));
                boolean right = r.statusCode() == 200 && content(r).equals(user + "-" + i);
                answers.add(new long[] {right ? 200 : r.statusCode() == 200 ? -1 : r.statusCode(),
                        (System.nanoTime() - t0) / 1_000_000});
            }
        }, user + "-load");
        thread.start();
    }

    /** Starts {@code user} chatting; a wrong answer is recorded as status -1. */
    static ChatLoad start(ItCalls api, String user) {
        return new ChatLoad(api, user);
    }

    List<long[]> stop() {
        running.set(false);
        try {
            thread.join(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new ArrayList<>(answers);
    }
}
