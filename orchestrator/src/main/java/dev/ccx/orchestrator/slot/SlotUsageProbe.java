package dev.ccx.orchestrator.slot;

import java.util.List;
import java.util.Map;

/**
 * An optional backend capability beside {@link SlotBackend}: measuring what slots use. Docker has it; a backend
 * without it uses {@link #NONE} and the admin API reports usage as unknown.
 */
public interface SlotUsageProbe {
    /** Usage of the given slots keyed by slot name; a slot missing from the answer could not be measured. */
    Map<String, SlotUsage> measure(List<SlotView> slots);

    /** Whether this probe measures anything at all. */
    default boolean available() {
        return true;
    }

    SlotUsageProbe NONE = new SlotUsageProbe() {
        @Override
        public Map<String, SlotUsage> measure(List<SlotView> slots) {
            return Map.of();
        }

        @Override
        public boolean available() {
            return false;
        }
    };
}
