package dev.ccx.orchestrator.http;

import io.javalin.config.RoutesConfig;

/** Every {@code /admin} route in one place: the admin API and the dashboard that drives it. */
final class AdminRoutes {
    private AdminRoutes() {}

    static void register(RoutesConfig routes, Services services, Callers callers) {
        AdminGate gate = new AdminGate(callers, services.admin().sessions());
        AdminApi slots = new AdminApi(services, gate);
        AdminInsightsApi insights = new AdminInsightsApi(services, gate);
        AdminUi ui = new AdminUi(services.auth(), services.admin(), gate);
        routes.get("/admin/slots", slots::listSlots);
        routes.post("/admin/slots/{user}/stop", slots::stopSlot);
        routes.post("/admin/slots/{user}/restart", slots::restartSlot);
        routes.delete("/admin/users/{user}", slots::purgeUser);
        routes.get("/admin/usage", insights::usage);
        routes.get("/admin/logins", insights::logins);
        routes.get("/admin/errors", insights::errors);
        routes.get("/admin/starts", insights::starts);
        routes.get(AdminUi.HOME, ui::page);
        routes.get(AdminUi.LOGIN, ui::loginPage);
        routes.post(AdminUi.LOGIN, ui::login);
        routes.post("/admin/ui/logout", ui::logout);
        routes.get("/admin/ui/assets/{name}", ui::asset);
    }
}
