package dev.ccx.orchestrator;

import dev.ccx.orchestrator.admin.AdminServices;
import dev.ccx.orchestrator.admin.AdminSessions;
import dev.ccx.orchestrator.admin.LoginStatuses;
import dev.ccx.orchestrator.admin.RecentErrors;
import dev.ccx.orchestrator.admin.StartHistory;
import dev.ccx.orchestrator.auth.Authenticator;
import dev.ccx.orchestrator.auth.CallerKeys;
import dev.ccx.orchestrator.auth.JwtVerifier;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import dev.ccx.orchestrator.http.Drain;
import dev.ccx.orchestrator.http.OrchestratorApp;
import dev.ccx.orchestrator.http.Services;
import dev.ccx.orchestrator.metrics.Metrics;
import dev.ccx.orchestrator.policy.PolicyLoader;
import dev.ccx.orchestrator.policy.PolicySet;
import dev.ccx.orchestrator.proxy.Forwarder;
import dev.ccx.orchestrator.proxy.HttpsRunnerTransport;
import dev.ccx.orchestrator.slot.RunnerSpecs;
import dev.ccx.orchestrator.slot.SlotNames;
import dev.ccx.orchestrator.slot.SlotObservers;
import dev.ccx.orchestrator.slot.SlotService;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsContexts;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running orchestrator: every component wired by hand from one config, the HTTP server started, existing
 * runners adopted and the janitor (idle reaping, image refresh) scheduled. Tests start it the same way.
 */
public final class Orchestrator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Orchestrator.class);
    private final OrchestratorConfig config;
    private final Javalin app;
    private final SlotService slots;
    private final Drain drain;
    private final SlotBackends backends;
    private final ScheduledExecutorService janitor;
    private final HttpsRunnerTransport transport;

    private Orchestrator(OrchestratorConfig config, Javalin app, SlotService slots, Drain drain,
                         SlotBackends backends, ScheduledExecutorService janitor, HttpsRunnerTransport transport) {
        this.config = config;
        this.app = app;
        this.slots = slots;
        this.drain = drain;
        this.backends = backends;
        this.janitor = janitor;
        this.transport = transport;
    }

    public static Orchestrator start(OrchestratorConfig config) {
        LOG.info("starting with {}", config);
        PolicySet policies = PolicyLoader.load(config.policyFile()); // a bad policy stops us before anything exists
        createStateDir(config);
        CallerKeys keys = CallerKeys.loadOrGenerate(config.serviceKeys(), config.adminKeys(), config.stateDir());
        Authenticator auth = new Authenticator(keys, new JwtVerifier(config.jwt(), Clock.systemUTC()));
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(config.stateDir());
        HttpsRunnerTransport transport = new HttpsRunnerTransport(new RunnerTlsContexts(ca));
        SlotNames names = new SlotNames(config.instance());
        SlotBackends backends = SlotBackends.open(config, slot -> RunnerTlsEnvironment.issue(ca, slot).variables(),
                policies.anyPerUserNetwork());
        RunnerSpecs specs = new RunnerSpecs(config, policies, names, backends.imageId());
        SlotService[] holder = new SlotService[1];
        Metrics metrics = new Metrics(() -> holder[0]);
        StartHistory starts = new StartHistory(Clock.systemUTC());
        SlotService slots = new SlotService(backends.backend(), specs, names, transport,
                SlotObservers.all(metrics, starts), Clock.systemUTC(), config.maxRunningSlots(), config.readyTimeout());
        holder[0] = slots;
        AdminServices admin = new AdminServices(config.adminUi(),
                new AdminSessions(Clock.systemUTC(), config.adminUi().sessionTtl()), starts, new RecentErrors(),
                new LoginStatuses(slots::readyInstance, transport, Clock.systemUTC()), backends.usage());
        adopt(slots, backends);
        Drain drain = new Drain();
        Services services = new Services(auth, slots, new Forwarder(slots, transport), policies, metrics,
                backends.backend()::healthy, drain, admin);
        Javalin app = OrchestratorApp.create(services, config.logins());
        app.start(config.listenHost(), config.port());
        ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ccx-janitor");
            t.setDaemon(true);
            return t;
        });
        long every = config.reapInterval().toMillis();
        janitor.scheduleWithFixedDelay(() -> tidy(slots, backends), every, every, TimeUnit.MILLISECONDS);
        LOG.info("listening on {}:{}; caller keys: {}", config.listenHost(), app.port(), describeKeys(config));
        return new Orchestrator(config, app, slots, drain, backends, janitor, transport);
    }

    public int port() {
        return app.port();
    }

    public SlotService slots() {
        return slots;
    }

    /** Refuses new work, waits up to the grace period for requests in flight, then stops. */
    @Override
    public void close() {
        drain.drainInFlight(slots, config.shutdownGrace());
        janitor.shutdownNow();
        app.stop();
        transport.close();
        backends.close();
        LOG.info("stopped");
    }

    private static void adopt(SlotService slots, SlotBackends backends) {
        backends.refreshImage();
        try {
            backends.prepare();
            slots.adoptExisting();
        } catch (RuntimeException e) {
            LOG.warn("could not list existing runners (is the backend reachable?): {}", e.toString());
        }
    }

    private static void tidy(SlotService slots, SlotBackends backends) {
        try {
            if (backends.refreshImage()) {
                slots.configChanged();
            }
            int stopped = slots.reapIdle();
            if (stopped > 0) {
                LOG.info("reaped {} idle runner(s)", stopped);
            }
        } catch (RuntimeException e) {
            LOG.warn("janitor pass failed: {}", e.toString());
        }
    }

    private static String describeKeys(OrchestratorConfig config) {
        String service = config.serviceKeys().isEmpty()
                ? "service key in " + config.stateDir().resolve(CallerKeys.SERVICE_KEY_FILE) : "service keys from CCX_SERVICE_KEYS";
        String admin = config.adminKeys().isEmpty()
                ? "admin key in " + config.stateDir().resolve(CallerKeys.ADMIN_KEY_FILE) : "admin keys from CCX_ADMIN_KEYS";
        return service + ", " + admin;
    }

    private static void createStateDir(OrchestratorConfig config) {
        try {
            Files.createDirectories(config.stateDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + config.stateDir(), e);
        }
    }
}
