package dev.ccx.orchestrator.admin;

import dev.ccx.orchestrator.config.AdminUiSettings;
import dev.ccx.orchestrator.slot.SlotService;
import dev.ccx.orchestrator.slot.SlotUsageProbe;
import java.io.IOException;
import java.time.Clock;

/**
 * What the admin API and dashboard keep beside the slot service: browser sessions, the start and error rings,
 * the last known logins and the backend's usage probe (wired in {@code Orchestrator}, by tests with fakes).
 */
public record AdminServices(AdminUiSettings settings, AdminSessions sessions, StartHistory starts,
                            RecentErrors errors, LoginStatuses logins, SlotUsageProbe usage) {

    /** Defaults for an app wired without the dashboard's extras: no start history, login checks or usage. */
    public static AdminServices detached(SlotService slots) {
        Clock clock = Clock.systemUTC();
        return new AdminServices(AdminUiSettings.DEFAULTS, new AdminSessions(clock, AdminUiSettings.DEFAULTS.sessionTtl()),
                new StartHistory(clock), new RecentErrors(), new LoginStatuses(slots::readyInstance, (runner, call, onAbort) -> {
                    throw new IOException("no runner transport wired");
                }, clock), SlotUsageProbe.NONE);
    }
}
