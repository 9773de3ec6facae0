package dev.ccx.runner.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.ccx.runner.chat.ChatRequestParser;
import dev.ccx.runner.chat.ChatService;
import dev.ccx.runner.chat.ModelCatalog;
import dev.ccx.runner.chat.ModelResolver;
import dev.ccx.runner.chat.RunPlanner;
import dev.ccx.runner.cli.CliRunner;
import dev.ccx.runner.cli.ContainerProcesses;
import dev.ccx.runner.cli.ProcessTree;
import dev.ccx.runner.cli.RunGuard;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.config.Locations;
import dev.ccx.runner.config.Serving;
import dev.ccx.runner.files.JobFiles;
import dev.ccx.runner.files.JobPaths;
import dev.ccx.runner.files.JobsQuota;
import dev.ccx.runner.files.JobsWatchdog;
import dev.ccx.runner.files.Uploads;
import dev.ccx.runner.files.VolumeUsage;
import dev.ccx.runner.login.AuthStatus;
import dev.ccx.runner.login.LoginGate;
import dev.ccx.runner.tls.TlsTerminator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's HTTP(S) server on the JDK's built-in server (ready in well under 100 ms), wired by hand: health,
 * models, auth status, logins, chat completions, run cancellation and job files, on a bounded pool of threads.
 */
public final class AgentServer implements AutoCloseable {

    private static final int THREADS = 32;
    /** The agent's exit status when its TLS terminator exits under it. */
    private static final int TERMINATOR_EXITED = 3;
    private static final String LOOPBACK = "127.0.0.1";
    private static final int QUEUE = 64;
    /**
     * Seconds a request thread outlives its last request. Every thread that has run Java code keeps ~90 KiB of
     * stack resident (the JVM touches 80 KiB below each new frame), so an idle runner should hold none.
     */
    static final int IDLE_THREAD_SECONDS = 2;

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final Optional<TlsTerminator> terminator;
    private final int port;

    private AgentServer(HttpServer server, ThreadPoolExecutor executor, Optional<TlsTerminator> terminator,
            int port) {
        this.server = server;
        this.executor = executor;
        this.terminator = terminator;
        this.port = port;
    }

    /** Binds, wires every route and starts serving. */
    public static AgentServer start(AgentConfig config) throws IOException {
        // TCP_NODELAY on accepted connections: without it, TLS records written in several pieces wait for the
        // peer's delayed ACK (about 40 ms per flight). Read once, when the JDK creates its first server.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // Keep the orchestrator's idle connection for 10 minutes (the JDK closes it after 30 s): a request after a
        // user's pause then skips a TLS handshake. The orchestrator lets go of idle connections first (5 minutes).
        System.setProperty("sun.net.httpserver.idleInterval", "600");
        InetSocketAddress address = new InetSocketAddress(config.bindAddress(), config.port());
        HttpServer server;
        Optional<TlsTerminator> terminator = Optional.empty();
        if (config.serving() instanceof Serving.Terminated terminated) {
            // Bound (listening) before the terminator starts, so nothing it forwards is refused while the routes
            // are wired; the kernel holds those connections until the server runs.
            server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 128);
            try {
                terminator = Optional.of(TlsTerminator.start(terminated.settings(), config.bindAddress(),
                        config.port(), server.getAddress().getPort(), () -> System.exit(TERMINATOR_EXITED)));
            } catch (IOException | RuntimeException e) {
                server.stop(0);
                throw e;
            }
        } else if (config.serving() instanceof Serving.JdkTls jdk) {
            HttpsServer https = HttpsServer.create(address, 128);
            jdk.tls().configure(https);
            server = https;
        } else {
            server = HttpServer.create(address, 128);
        }
        ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), threads(), new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        AgentServer agent = new AgentServer(server, executor, terminator,
                terminator.isPresent() ? config.port() : server.getAddress().getPort());
        try {
            server.createContext("/", router(config, terminator.map(t -> Set.of(t.pid())).orElse(Set.of())));
            server.setExecutor(executor);
            server.start();
        } catch (RuntimeException e) {
            agent.close(); // the terminator too: nothing outlives a failed start
            throw e;
        }
        return agent;
    }

    /** All routes; tests build the same router. */
    static Router router(AgentConfig config) {
        return router(config, Set.of());
    }

    /** All routes; {@code services} are the agent's own helper processes (kept alive by run clean-ups). */
    private static Router router(AgentConfig config, Set<Long> services) {
        ModelCatalog catalog = new ModelCatalog(config.cli().codexModels(), config.cli().codexDefaultModel(),
                config.allowedProviders());
        RunRegistry runs = new RunRegistry();
        Optional<ContainerProcesses> container = ContainerProcesses.ifAgentOwnsContainer(services);
        ChatService service = new ChatService(config, new CliRunner(new ProcessTree(config.limits().killGrace()),
                container), quotaGuard(config, container));
        AuthStatus auth = new AuthStatus(config.locations().claudeHome(), config.locations().codexHome(),
                config.cli().passThrough(), Clock.systemUTC());
        ChatRoute chat = new ChatRoute(new ChatRequestParser(new ModelResolver(catalog)),
                new RunPlanner(config, new JobPaths(config.locations().jobsDir())), service, runs,
                config.limits().maxBodyBytes(), config.limits().keepAlive(),
                new LoginGate(config.login().requireUserLogin(), auth));
        String health = "{\"status\":\"ok\",\"slot\":" + Responses.quote(config.slot()) + "}";
        Path jobsDir = config.locations().jobsDir();
        List<Path> volumes = quotaVolumes(config.locations());
        JobsQuota quota = new JobsQuota(config.limits().jobsQuotaBytes(), () -> VolumeUsage.measure(volumes),
                Clock.systemUTC());
        JobsRoute jobs = new JobsRoute(new JobFiles(jobsDir, quota), new Uploads(jobsDir, quota), quota);
        return LoginRoutes.create(config, auth).register(new Router(config.slot()))
                .get("/health", ex -> Responses.rawJson(ex, 200, health))
                .get("/v1/models", new ModelsRoute(catalog))
                .get("/v1/auth/status", new AuthStatusRoute(auth))
                .post("/v1/chat/completions", chat)
                .post("/v1/runs/cancel", new CancelRoute(runs))
                .get("/v1/jobs", jobs::listJobs)
                .get("/v1/jobs/**", jobs)
                .put("/v1/jobs/**", jobs)
                .delete("/v1/jobs/**", jobs);
    }

    /** The jobs quota's hold on what agents write (volumes plus the runner's other processes), when there is one. */
    private static RunGuard quotaGuard(AgentConfig config, Optional<ContainerProcesses> container) {
        return config.limits().jobsQuotaBytes().isEmpty() ? RunGuard.NONE
                : new JobsWatchdog(quotaVolumes(config.locations()),
                        config.limits().jobsQuotaBytes().getAsLong(), JobsWatchdog.INTERVAL,
                        JobsWatchdog.writersBesidesTheAgent(container));
    }

    /** The writable volumes whose usage counts against the jobs quota, for uploads and agents alike. */
    private static List<Path> quotaVolumes(Locations at) {
        return List.of(at.jobsDir(), at.claudeHome(), at.codexHome());
    }

    /** The port clients connect to: the bound port (useful with port 0), or the terminator's. */
    public int port() {
        return port;
    }

    /** Where the agent itself listens: the served port, or its loopback port behind a terminator. */
    public InetSocketAddress agentAddress() {
        return server.getAddress();
    }

    @Override
    public void close() {
        terminator.ifPresent(TlsTerminator::close);
        server.stop(0);
        executor.shutdownNow();
    }

    /** Request threads alive now: none once the runner has been idle for {@link #IDLE_THREAD_SECONDS}. */
    int requestThreads() {
        return executor.getPoolSize();
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
