package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.PurgeResult;
import dev.ccx.orchestrator.slot.SlotView;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Slot administration for admin keys and dashboard sessions: list, stop, restart, purge. */
final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private final Services services;
    private final AdminGate gate;

    AdminApi(Services services, AdminGate gate) {
        this.services = services;
        this.gate = gate;
    }

    void listSlots(Context ctx) {
        gate.require(ctx);
        ObjectNode root = Bodies.mapper().createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (SlotView view : services.slots().list()) {
            ObjectNode row = data.addObject();
            row.put("user", view.user());
            row.put("slot", view.slot());
            row.put("state", view.state());
            row.put("last_activity", view.lastActivity().toString());
            row.put("in_flight", view.inFlight());
            row.put("container", view.containerId().orElse(null));
        }
        ctx.json(root);
    }

    void stopSlot(Context ctx) {
        gate.require(ctx);
        UserId user = UserId.parse(ctx.pathParam("user"));
        boolean stopped = services.slots().stop(user);
        LOG.info("admin stopped slot of {} (was running: {})", user, stopped);
        ObjectNode root = Bodies.mapper().createObjectNode();
        root.put("user", user.value());
        root.put("stopped", stopped);
        ctx.json(root);
    }

    /** Stop, then start and wait until the runner answers, as the next request would. */
    void restartSlot(Context ctx) {
        gate.require(ctx);
        UserId user = UserId.parse(ctx.pathParam("user"));
        services.drain().refuseIfDraining();
        boolean known = services.slots().find(user).filter(v -> !v.state().equals("absent")).isPresent();
        if (!known) {
            throw ApiException.notFound("slot_not_found", "there is no slot for this user to restart");
        }
        boolean wasRunning = services.slots().stop(user);
        services.slots().acquire(user).close();
        LOG.info("admin restarted slot of {} (was running: {})", user, wasRunning);
        ObjectNode root = Bodies.mapper().createObjectNode();
        root.put("user", user.value());
        root.put("restarted", true);
        root.put("was_running", wasRunning);
        root.put("state", services.slots().find(user).map(SlotView::state).orElse("absent"));
        ctx.json(root);
    }

    void purgeUser(Context ctx) {
        gate.require(ctx);
        UserId user = UserId.parse(ctx.pathParam("user"));
        PurgeResult result = services.slots().purge(user);
        services.admin().logins().forget(user);
        LOG.info("admin purged user {} (existed: {})", user, result.existed());
        ObjectNode root = Bodies.mapper().createObjectNode();
        root.put("user", user.value());
        root.put("existed", result.existed());
        root.put("container_removed", result.containerRemoved());
        ArrayNode volumes = root.putArray("volumes_removed");
        result.volumesRemoved().forEach(volumes::add);
        ctx.json(root);
    }
}
