package dev.ccx.runner.config;

import dev.ccx.runner.tls.ServerTls;
import dev.ccx.runner.tls.TlsTerminator;

/** How the agent's port is served. */
public sealed interface Serving {

    /** Plain HTTP on the agent's port: development and tests only ({@code CCX_DEV_PLAIN_HTTP=true}). */
    record PlainHttp() implements Serving {
    }

    /** Mutual TLS in the agent's JVM (the default outside the runner image). */
    record JdkTls(ServerTls tls) implements Serving {
    }

    /**
     * Mutual TLS by a terminator on the agent's port, the agent on the container's loopback behind it (the runner
     * image sets {@code CCX_TLS_TERMINATOR}).
     */
    record Terminated(TlsTerminator.Settings settings) implements Serving {
    }
}
