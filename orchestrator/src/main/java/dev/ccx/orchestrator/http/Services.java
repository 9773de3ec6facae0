package dev.ccx.orchestrator.http;

import dev.ccx.orchestrator.admin.AdminServices;
import dev.ccx.orchestrator.auth.Authenticator;
import dev.ccx.orchestrator.metrics.Metrics;
import dev.ccx.orchestrator.policy.PolicySet;
import dev.ccx.orchestrator.proxy.Forwarder;
import dev.ccx.orchestrator.slot.SlotService;
import java.util.function.BooleanSupplier;

/** What the HTTP layer needs, wired by hand in {@code Main} (and by tests with fakes). */
public record Services(Authenticator auth, SlotService slots, Forwarder forwarder, PolicySet policies,
                       Metrics metrics, BooleanSupplier backendHealthy, Drain drain, AdminServices admin) {

    /** Without the dashboard's extras (no start history, login checks or usage): for tests of other parts. */
    public Services(Authenticator auth, SlotService slots, Forwarder forwarder, PolicySet policies,
                    Metrics metrics, BooleanSupplier backendHealthy, Drain drain) {
        this(auth, slots, forwarder, policies, metrics, backendHealthy, drain, AdminServices.detached(slots));
    }
}
