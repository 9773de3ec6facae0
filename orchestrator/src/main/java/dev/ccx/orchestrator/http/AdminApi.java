package dev.ccx.orchestrator.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.PurgeResult;
import dev.ccx.orchestrator.slot.SlotView;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Slot administration for admin keys: list, stop, purge. */
final class AdminApi {
    private static final Logger LOG = LoggerFactory.getLogger(AdminApi.class);
    private final Services services;
    private final Callers callers;

    AdminApi(Services services, Callers callers) {
        this.services = services;
        this.callers = callers;
    }

    void listSlots(Context ctx) {
        callers.requireAdmin(ctx);
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
        callers.requireAdmin(ctx);
        UserId user = UserId.parse(ctx.pathParam("user"));
        boolean stopped = services.slots().stop(user);
        LOG.info("admin stopped slot of {} (was running: {})", user, stopped);
        ObjectNode root = Bodies.mapper().createObjectNode();
        root.put("user", user.value());
        root.put("stopped", stopped);
        ctx.json(root);
    }

    void purgeUser(Context ctx) {
        callers.requireAdmin(ctx);
        UserId user = UserId.parse(ctx.pathParam("user"));
        PurgeResult result = services.slots().purge(user);
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
