package dev.ccx.orchestrator.proxy;

import dev.ccx.orchestrator.slot.Lease;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A runner's answer as a handler sees it: status, headers and a body that is read as it arrives. A failed read
 * marks the runner broken (the next request heals the slot) and surfaces as {@link UpstreamFailure}.
 */
public final class RunnerAnswer implements AutoCloseable {
    private final RunnerResponse response;
    private final InputStream body;

    RunnerAnswer(RunnerResponse response, Lease lease) {
        this.response = response;
        this.body = new GuardedBody(response.body(), lease);
        lease.onAbort(this::close);
    }

    public int status() {
        return response.status();
    }

    public Optional<String> header(String name) {
        return response.header(name);
    }

    /** The body; reads throw {@link UpstreamFailure} when the runner connection breaks. */
    public InputStream body() {
        return body;
    }

    /** Closes the runner connection; a run whose answer is still streaming is cancelled by the runner. */
    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // nothing left to release
        }
    }

    /** Turns read failures into {@link UpstreamFailure} after marking the lease broken. */
    private static final class GuardedBody extends FilterInputStream {
        private final Lease lease;

        GuardedBody(InputStream in, Lease lease) {
            super(in);
            this.lease = lease;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return super.read(buffer, offset, length);
            } catch (IOException e) {
                throw broken(e);
            }
        }

        private UpstreamFailure broken(IOException e) {
            lease.markBroken();
            return new UpstreamFailure(e, lease.aborted());
        }
    }
}
