package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.testing.FakeSlotBackend;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The slot backend contract against the in-process fake used by the unit tests. */
class FakeSlotBackendTest extends SlotBackendContract {
    @TempDir
    Path state;
    private FakeSlotBackend backend;

    @BeforeEach
    void start() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(state);
        backend = new FakeSlotBackend(slot -> RunnerTlsEnvironment.issue(ca, slot).variables());
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    @Override
    protected SlotBackend backend() {
        return backend;
    }

    @Override
    protected String imageId() {
        return "sha256:fake";
    }
}
