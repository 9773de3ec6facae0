package dev.ccx.orchestrator;

import dev.ccx.orchestrator.config.ConfigException;
import dev.ccx.orchestrator.config.OrchestratorConfig;

/** Entry point: reads the environment, starts the orchestrator, drains gracefully on SIGTERM. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        Orchestrator orchestrator;
        try {
            orchestrator = Orchestrator.start(OrchestratorConfig.fromEnv(System.getenv()));
        } catch (ConfigException e) {
            System.err.println("ccx: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(orchestrator::close, "ccx-shutdown"));
    }
}
