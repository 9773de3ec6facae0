package dev.ccx.orchestrator.proxy;

import java.io.InputStream;

/**
 * What a call to a runner sends: nothing, bytes held in memory (sendable twice), or a stream read once as it is
 * sent, with its length when known ({@code -1}: sent chunked).
 */
public record RunnerBody(byte[] bytes, InputStream stream, long length) {
    private static final RunnerBody NONE = new RunnerBody(null, null, 0);

    public static RunnerBody none() {
        return NONE;
    }

    public static RunnerBody of(byte[] bytes) {
        return new RunnerBody(bytes, null, bytes.length);
    }

    public static RunnerBody stream(InputStream stream, long length) {
        return new RunnerBody(null, stream, length < 0 ? -1 : length);
    }

    public boolean empty() {
        return bytes == null && stream == null;
    }
}
