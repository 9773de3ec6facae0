package dev.ccx.orchestrator.it;

import static dev.ccx.orchestrator.it.ItCalls.chatBody;
import static dev.ccx.orchestrator.it.ItCalls.content;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A user chatting in a loop in the background (at least once); {@link #stop()} returns what the user got. */
final class ChatLoad {
    private final String user;
    private final List<Answer> answers = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    /** One request: its HTTP status (-1: a 200 with the wrong answer; 0: no HTTP answer) and how long it took. */
    record Answer(int status, long millis) {}

    /** Everything the user got while the load ran. */
    record Answers(String user, List<Answer> all) {
        Answers {
            all = List.copyOf(all);
        }

        boolean allRight() {
            return !all.isEmpty() && all.stream().allMatch(a -> a.status() == 200);
        }

        String summary() {
            return all.size() + " requests by " + user + ", statuses " + all.stream().map(Answer::status).distinct()
                    .toList() + ", slowest " + all.stream().mapToLong(Answer::millis).max().orElse(0) + " ms";
        }
    }

    private ChatLoad(ItCalls api, String user) {
        this.user = user;
        thread = new Thread(() -> {
            int i = 0;
            do {
                long t0 = System.nanoTime();
                int status;
                try {
                    HttpResponse<String> r = api.chat(user, chatBody("sonnet", "@fake reply " + user + "-" + i));
                    boolean right = r.statusCode() == 200 && content(r).equals(user + "-" + i);
                    status = right ? 200 : r.statusCode() == 200 ? -1 : r.statusCode();
                } catch (RuntimeException e) {
                    status = 0;
                }
                answers.add(new Answer(status, (System.nanoTime() - t0) / 1_000_000));
                i++;
            } while (running.get());
        }, user + "-load");
        thread.start();
    }

    /** Starts {@code user} chatting. */
    static ChatLoad start(ItCalls api, String user) {
        return new ChatLoad(api, user);
    }

    /** Lets the request in flight finish, then stops. */
    Answers stop() {
        running.set(false);
        try {
            thread.join(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Answers(user, answers);
    }
}
