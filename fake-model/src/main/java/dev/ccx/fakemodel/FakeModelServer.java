package dev.ccx.fakemodel;

import com.sun.net.httpserver.HttpServer;
import dev.ccx.fakemodel.anthropic.AnthropicApi;
import dev.ccx.fakemodel.auth.AuthState;
import dev.ccx.fakemodel.auth.ClaudeOAuthApi;
import dev.ccx.fakemodel.auth.CodexDeviceApi;
import dev.ccx.fakemodel.auth.IssuedToken;
import dev.ccx.fakemodel.http.Router;
import dev.ccx.fakemodel.openai.ResponsesApi;
import dev.ccx.fakemodel.openai.ResponsesWriter;
import dev.ccx.fakemodel.script.ErrorBudget;
import dev.ccx.fakemodel.script.Pacer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Anthropic Messages + OpenAI Responses server that real {@code claude} and {@code codex}
 * CLIs can talk to, scripted through {@code @fake} lines in the prompt, plus stand-ins for both login servers
 * (Claude OAuth with PKCE, Codex device login) so logins can be completed end to end (see the module README).
 */
public final class FakeModelServer implements AutoCloseable {

    private final HttpServer http;
    private final ExecutorService executor;
    private final RequestLog log = new RequestLog();
    private final ErrorBudget errors = new ErrorBudget();
    private final AuthState auth = new AuthState();

    private FakeModelServer(HttpServer http, ExecutorService executor) {
        this.http = http;
        this.executor = executor;
    }

    /** Starts a server on {@code port} (0 for a random free port) bound to {@code bindAddress}. */
    public static FakeModelServer start(int port, String bindAddress) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bindAddress, port), 256);
        ExecutorService executor = Executors.newCachedThreadPool(daemonThreads());
        FakeModelServer server = new FakeModelServer(http, executor);
        http.createContext("/", server.router());
        http.setExecutor(executor);
        http.start();
        return server;
    }

    /** Starts a server on a random port of the loopback interface. */
    public static FakeModelServer start() throws IOException {
        return start(0, "127.0.0.1");
    }

    /** The port the server listens on. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}: Claude's ANTHROPIC_BASE_URL; append {@code /v1} for codex. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Every request received so far (control API calls excepted), oldest first. */
    public List<RecordedRequest> requests() {
        return log.snapshot();
    }

    /** Every token the fake login servers issued, oldest first. */
    public List<IssuedToken> issuedTokens() {
        return auth.issuedTokens();
    }

    /** Forgets the recorded requests and the counts of served {@code @fake error} failures. */
    public void clearRequests() {
        log.clear();
        errors.reset();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }

    private Router router() {
        Router router = new Router(log::add, ResponsesWriter::error);
        new AnthropicApi(errors, Pacer.SLEEP).register(router);
        new ResponsesApi(errors, Pacer.SLEEP).register(router);
        new ClaudeOAuthApi(auth).register(router);
        new CodexDeviceApi(auth).register(router);
        new ServiceRoutes(log, this::clearRequests).register(router);
        return router;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "fake-model-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
