package dev.ccx.runner;

import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.config.ConfigException;
import dev.ccx.runner.config.Serving;
import dev.ccx.runner.http.AgentServer;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the runner agent: reads the configuration from the environment and serves until the JVM is stopped. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        StartupWarmup.start(AgentConfig.jvmServesTls(System.getenv()));
        AgentConfig config;
        try {
            config = AgentConfig.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (config.plainHttp()) {
            LOG.warn("!!! CCX_DEV_PLAIN_HTTP=true: serving PLAIN HTTP WITHOUT mutual TLS. Development and tests only;"
                    + " never expose this runner to a network. !!!");
        }
        AgentServer server;
        try {
            server = AgentServer.start(config);
        } catch (IOException e) {
            LOG.error("the agent cannot serve on {}:{}: {}", config.bindAddress(), config.port(), e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "agent-shutdown"));
        LOG.info("ccx runner agent for slot {} ready on {}:{} ({}), {} ms after main()", config.slot(),
                config.bindAddress(), server.port(), serving(config, server),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static String serving(AgentConfig config, AgentServer server) {
        if (config.serving() instanceof Serving.Terminated) {
            return "mTLS by the TLS terminator, agent on " + server.agentAddress().getAddress().getHostAddress() + ":"
                    + server.agentAddress().getPort();
        }
        return config.plainHttp() ? "plain HTTP" : "mTLS";
    }
}
