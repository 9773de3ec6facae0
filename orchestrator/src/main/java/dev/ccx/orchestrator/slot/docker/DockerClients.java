package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import java.time.Duration;

/** Creates the docker-java clients the orchestrator uses, talking to the configured Docker host. */
public final class DockerClients {
    private DockerClients() {}

    public static DockerClient connect(String dockerHost) {
        DefaultDockerClientConfig config = config(dockerHost);
        return DockerClientImpl.getInstance(config, http(config, 64, Duration.ofMinutes(2)));
    }

    /** A raw Engine API client with its own small connection pool (for calls docker-java lacks, e.g. disk usage). */
    public static DockerHttpClient raw(String dockerHost, int maxConnections, Duration responseTimeout) {
        return http(config(dockerHost), maxConnections, responseTimeout);
    }

    private static DefaultDockerClientConfig config(String dockerHost) {
        return DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .withDockerTlsVerify(false)
                .build();
    }

    private static DockerHttpClient http(DefaultDockerClientConfig config, int maxConnections, Duration timeout) {
        return new ApacheDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(timeout)
                .build();
    }
}
