package dev.ccx.orchestrator;

import ch.qos.logback.classic.LoggerContext;
import dev.ccx.orchestrator.config.ConfigException;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import org.slf4j.LoggerFactory;

/** Entry point: reads the environment, starts the orchestrator, drains gracefully on SIGTERM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Orchestrator orchestrator;
        try {
            orchestrator = Orchestrator.start(OrchestratorConfig.fromEnv(System.getenv()));
        } catch (ConfigException e) {
            System.err.println("ccx: " + e.getMessage());
            stopLogging();
            System.exit(2);
            return;
        } catch (RuntimeException | Error e) {
            stopLogging();
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            orchestrator.close();
            stopLogging();
        }, "ccx-shutdown"));
    }

    /** Writes out what the asynchronous log appender still holds (stops logback); nothing under another backend. */
    static void stopLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
