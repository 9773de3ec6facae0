package dev.ccx.orchestrator.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A caller's upload body that remembers whether reading it failed, so that a caller who hangs up mid-upload is
 * told apart from a runner that could not be reached (only the latter is the runner's fault).
 */
final class CallerBody extends FilterInputStream {
    private volatile boolean failed;

    CallerBody(InputStream in) {
        super(in);
    }

    /** True once a read from the caller failed. */
    boolean failed() {
        return failed;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            failed = true;
            throw e;
        }
    }
}
