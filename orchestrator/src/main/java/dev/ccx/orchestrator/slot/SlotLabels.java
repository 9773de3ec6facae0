package dev.ccx.orchestrator.slot;

/** Label keys that make backends' objects self-describing; labels are the only state an orchestrator keeps. */
public final class SlotLabels {
    public static final String MANAGED_BY = "dev.ccx.managed-by";
    public static final String MANAGED_BY_VALUE = "ccx";
    public static final String INSTANCE = "dev.ccx.instance";
    public static final String USER = "dev.ccx.user";
    public static final String SLOT = "dev.ccx.slot";
    public static final String KIND = "dev.ccx.kind";
    public static final String CONFIG_HASH = "dev.ccx.config-hash";
    public static final String IMAGE = "dev.ccx.image";

    private SlotLabels() {}
}
