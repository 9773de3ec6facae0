package dev.ccx.fakemodel;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Runs the fake model server standalone (port: first argument, else FAKE_MODEL_PORT, else 8089). */
public final class Main {

    static final int DEFAULT_PORT = 8089;

    private Main() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int port = port(args, System.getenv());
        String bind = System.getenv().getOrDefault("FAKE_MODEL_BIND", "0.0.0.0");
        FakeModelServer server = FakeModelServer.start(port, bind);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("fake-model listening on " + bind + ":" + server.port());
        stopped.await();
    }

    /** The port from the first argument, else {@code FAKE_MODEL_PORT}, else 8089. */
    static int port(String[] args, Map<String, String> env) {
        String value = args.length > 0 ? args[0] : env.get("FAKE_MODEL_PORT");
        if (value == null || value.isBlank()) {
            return DEFAULT_PORT;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number, got: " + value, e);
        }
    }
}
