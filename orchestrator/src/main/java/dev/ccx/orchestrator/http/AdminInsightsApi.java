package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.admin.AdminServices;
import dev.ccx.orchestrator.admin.CliLoginState;
import dev.ccx.orchestrator.admin.ErrorEvent;
import dev.ccx.orchestrator.admin.LoginSnapshot;
import dev.ccx.orchestrator.admin.LoginStatuses;
import dev.ccx.orchestrator.admin.RecentErrors;
import dev.ccx.orchestrator.admin.StartEvent;
import dev.ccx.orchestrator.admin.StartHistory;
import dev.ccx.orchestrator.slot.SlotUsage;
import dev.ccx.orchestrator.slot.SlotView;
import dev.ccx.orchestrator.slot.VolumeKind;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the dashboard shows beside the slot list, as admin API: usage, logins, recent errors, recent starts. */
final class AdminInsightsApi {
    private final Services services;
    private final AdminGate gate;

    AdminInsightsApi(Services services, AdminGate gate) {
        this.services = services;
        this.gate = gate;
    }

    private AdminServices admin() {
        return services.admin();
    }

    void usage(Context ctx) {
        gate.require(ctx);
        List<SlotView> slots = services.slots().list();
        Map<String, SlotUsage> usage = admin().usage().measure(slots);
        ObjectNode root = list();
        root.put("available", admin().usage().available());
        ArrayNode data = root.putArray("data");
        for (SlotView slot : slots) {
            ObjectNode row = slotRow(data, slot);
            Optional<SlotUsage> measured = Optional.ofNullable(usage.get(slot.slot()));
            row.putPOJO("cpu_percent", measured.flatMap(SlotUsage::cpuPercent)
                    .map(p -> Math.round(p * 10) / 10.0).orElse(null));
            row.putPOJO("memory_bytes", measured.flatMap(SlotUsage::memoryBytes).orElse(null));
            row.putPOJO("memory_limit_bytes", measured.flatMap(SlotUsage::memoryLimitBytes).orElse(null));
            Map<VolumeKind, Long> volumes = measured.map(SlotUsage::volumeBytes).orElse(Map.of());
            ObjectNode disk = row.putObject("disk");
            for (VolumeKind kind : VolumeKind.values()) {
                disk.putPOJO(kind.suffix(), volumes.get(kind));
            }
            row.putPOJO("disk_bytes", volumes.isEmpty() ? null
                    : volumes.values().stream().mapToLong(Long::longValue).sum());
            row.put("disk_measured_at", measured.flatMap(SlotUsage::diskMeasuredAt).map(Instant::toString)
                    .orElse(null));
        }
        ctx.json(root);
    }

    void logins(Context ctx) {
        gate.require(ctx);
        List<SlotView> slots = services.slots().list();
        Map<String, LoginSnapshot> known = admin().logins().current(slots);
        Instant now = Instant.now();
        ObjectNode root = list();
        ArrayNode data = root.putArray("data");
        for (SlotView slot : slots) {
            ObjectNode row = slotRow(data, slot);
            LoginSnapshot snapshot = known.get(slot.user());
            boolean up = slot.state().equals("running") || slot.state().equals("busy");
            boolean fresh = snapshot != null && up
                    && snapshot.observedAt().plus(LoginStatuses.FRESH_FOR.multipliedBy(2)).isAfter(now);
            row.put("source", snapshot == null ? "unknown" : fresh ? "runner" : "last_known");
            row.put("observed_at", snapshot == null ? null : snapshot.observedAt().toString());
            login(row, "claude", snapshot == null ? null : snapshot.claude(), now);
            login(row, "codex", snapshot == null ? null : snapshot.codex(), now);
        }
        ctx.json(root);
    }

    void errors(Context ctx) {
        gate.require(ctx);
        ObjectNode root = list();
        root.put("capacity", RecentErrors.CAPACITY);
        ArrayNode data = root.putArray("data");
        for (ErrorEvent e : admin().errors().newestFirst()) {
            ObjectNode row = data.addObject();
            row.put("time", e.at().toString());
            row.put("status", e.status());
            row.put("code", e.code().orElse(null));
            row.put("method", e.method());
            row.put("route", e.route());
            row.put("user", e.user().orElse(null));
            row.put("credential", e.credential().orElse(null));
            row.put("request_id", e.requestId());
        }
        ctx.json(root);
    }

    void starts(Context ctx) {
        gate.require(ctx);
        ObjectNode root = list();
        root.put("window_seconds", StartHistory.WINDOW.toSeconds());
        ArrayNode data = root.putArray("data");
        for (StartEvent e : admin().starts().recent()) {
            ObjectNode row = data.addObject();
            row.put("time", e.at().toString());
            row.put("kind", e.kind());
            row.put("ms", e.elapsed().toMillis());
        }
        ctx.json(root);
    }

    private static void login(ObjectNode row, String name, CliLoginState state, Instant now) {
        if (state == null) {
            row.putNull(name);
            return;
        }
        ObjectNode out = row.putObject(name);
        out.put("logged_in", state.loggedIn());
        out.put("auth_method", state.authMethod().orElse(null));
        out.put("expires_at", state.expiresAt().map(Instant::toString).orElse(null));
        out.putPOJO("expired", state.expiredAt(now).orElse(null));
    }

    private static ObjectNode slotRow(ArrayNode data, SlotView slot) {
        ObjectNode row = data.addObject();
        row.put("user", slot.user());
        row.put("slot", slot.slot());
        row.put("state", slot.state());
        return row;
    }

    private static ObjectNode list() {
        ObjectNode root = Bodies.mapper().createObjectNode();
        root.put("object", "list");
        return root;
    }
}
