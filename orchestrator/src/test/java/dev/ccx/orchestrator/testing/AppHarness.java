package dev.ccx.orchestrator.testing;

import dev.ccx.orchestrator.admin.AdminServices;
import dev.ccx.orchestrator.admin.AdminSessions;
import dev.ccx.orchestrator.admin.LoginStatuses;
import dev.ccx.orchestrator.admin.RecentErrors;
import dev.ccx.orchestrator.admin.StartHistory;
import dev.ccx.orchestrator.auth.Authenticator;
import dev.ccx.orchestrator.auth.CallerKeys;
import dev.ccx.orchestrator.auth.JwtVerifier;
import dev.ccx.orchestrator.config.AdminUiSettings;
import dev.ccx.orchestrator.config.JwtSettings;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import dev.ccx.orchestrator.http.Drain;
import dev.ccx.orchestrator.http.OrchestratorApp;
import dev.ccx.orchestrator.http.Services;
import dev.ccx.orchestrator.metrics.Metrics;
import dev.ccx.orchestrator.policy.PolicyLoader;
import dev.ccx.orchestrator.policy.PolicySet;
import dev.ccx.orchestrator.proxy.Forwarder;
import dev.ccx.orchestrator.proxy.HttpsRunnerTransport;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.RunnerSpecs;
import dev.ccx.orchestrator.slot.SlotNames;
import dev.ccx.orchestrator.slot.SlotObservers;
import dev.ccx.orchestrator.slot.SlotUsage;
import dev.ccx.orchestrator.slot.SlotUsageProbe;
import dev.ccx.orchestrator.slot.SlotView;
import dev.ccx.orchestrator.slot.SlotService;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsContexts;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real orchestrator HTTP app on a random port, wired as {@code Orchestrator} wires it but with the
 * in-process {@link FakeSlotBackend}; TLS to the fake runners is the real mutual TLS.
 */
public final class AppHarness implements AutoCloseable {
    public static final String SERVICE_KEY = "svc-test-key-0123456789";
    public static final String ADMIN_KEY = "adm-test-key-0123456789";
    public static final String JWT_SECRET = "jwt-test-secret-0123456789-0123456789";

    public final FakeSlotBackend backend;
    public final SlotService slots;
    public final Drain drain = new Drain();
    public final SlotNames names = new SlotNames("test");
    public final AdminServices admin;
    /** What {@code GET /admin/usage} measures; tests replace it. */
    public volatile SlotUsageProbe usage = SlotUsageProbe.NONE;
    private final Javalin app;
    private final HttpClient client = HttpClient.newHttpClient();

    public AppHarness(Path stateDir) {
        this(stateDir, PolicyLoader.load(Optional.empty()), 50);
    }

    public AppHarness(Path stateDir, PolicySet policies, int maxRunning) {
        this(stateDir, policies, maxRunning, null);
    }

    /** With {@code starter} (e.g. {@link InProcessAgents}) starting the runners; null: {@link FakeRunner}s. */
    public AppHarness(Path stateDir, PolicySet policies, int maxRunning, FakeSlotBackend.Starter starter) {
        this(stateDir, policies, maxRunning, starter, AdminUiSettings.DEFAULTS);
    }

    /** With the dashboard's session settings (cookie Secure, trusted proxies, lifetime) set. */
    public AppHarness(Path stateDir, AdminUiSettings adminUi) {
        this(stateDir, PolicyLoader.load(Optional.empty()), 50, null, adminUi, Map.of());
    }

    /** With {@code starter} starting the runners and extra orchestrator settings ({@code CCX_*}) in {@code env}. */
    public AppHarness(Path stateDir, FakeSlotBackend.Starter starter, Map<String, String> env) {
        this(stateDir, PolicyLoader.load(Optional.empty()), 50, starter, AdminUiSettings.DEFAULTS, env);
    }

    private AppHarness(Path stateDir, PolicySet policies, int maxRunning, FakeSlotBackend.Starter starter,
                       AdminUiSettings adminUi) {
        this(stateDir, policies, maxRunning, starter, adminUi, Map.of());
    }

    private AppHarness(Path stateDir, PolicySet policies, int maxRunning, FakeSlotBackend.Starter starter,
                       AdminUiSettings adminUi, Map<String, String> env) {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(stateDir);
        HttpsRunnerTransport transport = new HttpsRunnerTransport(new RunnerTlsContexts(ca));
        RunnerCredentials credentials = slot -> RunnerTlsEnvironment.issue(ca, slot).variables();
        backend = starter == null ? new FakeSlotBackend(credentials) : new FakeSlotBackend(credentials, starter);
        Map<String, String> settings = new java.util.HashMap<>(env);
        settings.put("CCX_INSTANCE", "test");
        settings.put("CCX_STATE_DIR", stateDir.toString());
        OrchestratorConfig config = OrchestratorConfig.fromEnv(settings);
        SlotService[] holder = new SlotService[1];
        Metrics metrics = new Metrics(() -> holder[0]);
        StartHistory starts = new StartHistory(Clock.systemUTC());
        slots = new SlotService(backend, new RunnerSpecs(config, policies, names, () -> "sha256:test"), names,
                transport, SlotObservers.all(metrics, starts), Clock.systemUTC(), maxRunning, Duration.ofSeconds(5));
        holder[0] = slots;
        admin = new AdminServices(adminUi, new AdminSessions(Clock.systemUTC(), adminUi.sessionTtl()), starts,
                new RecentErrors(), new LoginStatuses(slots::readyInstance, transport, Clock.systemUTC()),
                new SlotUsageProbe() {
                    @Override
                    public Map<String, SlotUsage> measure(List<SlotView> views) {
                        return usage.measure(views);
                    }

                    @Override
                    public boolean available() {
                        return usage.available();
                    }
                });
        JwtSettings jwt = new JwtSettings(Optional.of(JWT_SECRET), Optional.empty(), Optional.empty(),
                Optional.empty(), Duration.ofHours(1), Duration.ofSeconds(5));
        Authenticator auth = new Authenticator(new CallerKeys(List.of(SERVICE_KEY), List.of(ADMIN_KEY)),
                new JwtVerifier(jwt, Clock.systemUTC()));
        Services services = new Services(auth, slots, new Forwarder(slots, transport), policies, metrics,
                () -> backend.healthy, drain, admin);
        app = OrchestratorApp.create(services, config.logins()).start("127.0.0.1", 0);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The harness's HTTP client, for calls that need another body handler than strings. */
    public HttpClient client() {
        return client;
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    /** A service-key request acting for {@code user}. */
    public HttpRequest.Builder asService(String path, String user) {
        return request(path).header("Authorization", "Bearer " + SERVICE_KEY).header("X-CCX-User", user);
    }

    public HttpRequest.Builder asAdmin(String path) {
        return request(path).header("Authorization", "Bearer " + ADMIN_KEY);
    }

    public static String chat(String prompt, boolean stream) {
        return "{\"model\":\"sonnet\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
    }

    /** Stops as {@code Orchestrator.close()} does: drains requests in flight for up to {@code grace}, then closes. */
    public void shutdown(Duration grace) {
        drain.drainInFlight(slots, grace);
        close();
    }

    @Override
    public void close() {
        app.stop();
        backend.close();
    }
}
