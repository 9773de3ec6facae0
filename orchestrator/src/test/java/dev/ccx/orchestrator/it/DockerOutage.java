package dev.ccx.orchestrator.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Docker API socket the orchestrator under test talks through, which the test can take down and bring back:
 * what a Docker engine restart looks like from the orchestrator (connections cut, connection refused, then an
 * engine answering again) without restarting the engine every other test on this machine shares.
 */
final class DockerOutage implements AutoCloseable {
    private final Path socket;
    private final Path engine;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-outage-pump");
        t.setDaemon(true);
        return t;
    });
    private volatile ServerSocketChannel server;

    private DockerOutage(Path socket, Path engine) {
        this.socket = socket;
        this.engine = engine;
    }

    /** Serves {@code socket}, forwarding every connection to the real engine at {@code engine}. */
    static DockerOutage start(Path socket, Path engine) {
        DockerOutage outage = new DockerOutage(socket, engine);
        outage.engineUp();
        return outage;
    }

    String dockerHost() {
        return "unix://" + socket;
    }

    /** The engine goes away: open connections drop and new ones are refused (the socket file stays). */
    synchronized void engineDown() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        open.forEach(DockerOutage::closeQuietly);
        open.clear();
    }

    /** The engine answers again on the same socket. */
    synchronized void engineUp() {
        try {
            Files.deleteIfExists(socket);
            ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            s.bind(UnixDomainSocketAddress.of(socket));
            server = s;
            pumps.submit(() -> accept(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocketChannel s) {
        while (s.isOpen()) {
            try {
                SocketChannel client = s.accept();
                SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(engine));
                open.add(client);
                open.add(upstream);
                pumps.submit(() -> pump(client, upstream));
                pumps.submit(() -> pump(upstream, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() {
        engineDown();
        pumps.shutdownNow();
    }
}
