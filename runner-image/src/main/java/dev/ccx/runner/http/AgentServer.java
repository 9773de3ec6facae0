package dev.ccx.runner.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.ccx.runner.chat.ChatRequestParser;
import dev.ccx.runner.chat.ChatService;
import dev.ccx.runner.chat.ModelCatalog;
import dev.ccx.runner.chat.ModelResolver;
import dev.ccx.runner.chat.RunPlanner;
import dev.ccx.runner.cli.CliRunner;
import dev.ccx.runner.cli.ProcessTree;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.files.JobPaths;
import dev.ccx.runner.login.AuthStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's HTTP(S) server on the JDK's built-in server (ready in well under 100 ms), wired by hand: health,
 * models, auth status, chat completions and run cancellation, on a bounded pool of platform threads.
 */
public final class AgentServer implements AutoCloseable {

    private static final int THREADS = 32;
    private static final int QUEUE = 64;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;

    private AgentServer(HttpServer server, ThreadPoolExecutor executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds, wires every route and starts serving. */
    public static AgentServer start(AgentConfig config) throws IOException {
        // TCP_NODELAY on accepted connections: without it, TLS records written in several pieces wait for the
        // peer's delayed ACK (about 40 ms per flight). Read once, when the JDK creates its first server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        HttpServer server;
        if (config.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(address, 128);
            config.tls().get().configure(https);
            server = https;
        } else {
            server = HttpServer.create(address, 128);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), threads(), new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        server.createContext("/", router(config));
        server.setExecutor(executor);
        server.start();
        return new AgentServer(server, executor);
    }

    /** All routes; tests build the same router. */
    static Router router(AgentConfig config) {
        ModelCatalog catalog = new ModelCatalog(config.cli().codexModels(), config.cli().codexDefaultModel(),
                config.allowedProviders());
        RunRegistry runs = new RunRegistry();
        ChatService service = new ChatService(config, new CliRunner(new ProcessTree(config.limits().killGrace())));
        ChatRoute chat = new ChatRoute(new ChatRequestParser(new ModelResolver(catalog)),
                new RunPlanner(config, new JobPaths(config.locations().jobsDir())), service, runs,
                config.limits().maxBodyBytes(), config.limits().keepAlive());
        AuthStatus auth = new AuthStatus(config.locations().claudeHome(), config.locations().codexHome(),
                config.cli().passThrough(), Clock.systemUTC());
        String health = "{\"status\":\"ok\",\"slot\":" + Responses.quote(config.slot()) + "}";
        return new Router(config.slot())
                .get("/health", ex -> Responses.rawJson(ex, 200, health))
                .get("/v1/models", new ModelsRoute(catalog))
                .get("/v1/auth/status", new AuthStatusRoute(auth))
                .post("/v1/chat/completions", chat)
                .post("/v1/runs/cancel", new CancelRoute(runs));
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory threads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "agent-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
