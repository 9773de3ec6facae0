package dev.ccx.orchestrator.slot.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.slot.VolumeKind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the Engine's stats and disk-usage answers become slot usage (captured from Docker 20.10 answers). */
class DockerUsageParsingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String stats(long cpu, long system, String memoryStats) {
        return "{\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":" + cpu + "},\"system_cpu_usage\":" + system
                + ",\"online_cpus\":2},\"precpu_stats\":{\"cpu_usage\":{\"total_usage\":0}},"
                + "\"memory_stats\":" + memoryStats + "}";
    }

    @Test
    void memory_leaves_out_reclaimable_page_cache_on_cgroup_v1_and_v2() throws Exception {
        ContainerStats v1 = ContainerStats.parse(json(stats(1, 1, "{\"usage\":40701952,\"limit\":1073741824,"
                + "\"stats\":{\"total_inactive_file\":701952,\"inactive_file\":5}}"))).orElseThrow();
        assertThat(v1.memoryBytes()).isEqualTo(40_000_000);
        assertThat(v1.memoryLimitBytes()).isEqualTo(1L << 30);
        ContainerStats v2 = ContainerStats.parse(json(stats(1, 1, "{\"usage\":5000,\"limit\":9000,"
                + "\"stats\":{\"inactive_file\":1000}}"))).orElseThrow();
        assertThat(v2.memoryBytes()).isEqualTo(4000);
    }

    @Test
    void cpu_is_the_share_of_host_time_since_the_earlier_sample_times_the_cores() throws Exception {
        ContainerStats earlier = ContainerStats.parse(json(stats(1_000_000_000L, 100_000_000_000L,
                "{\"usage\":1,\"limit\":2}"))).orElseThrow();
        ContainerStats later = ContainerStats.parse(json(stats(1_500_000_000L, 102_000_000_000L,
                "{\"usage\":1,\"limit\":2}"))).orElseThrow();
        // 0.5 s of CPU in 2 s of host time over 2 cores: half a core
        assertThat(later.cpuPercentSince(earlier)).hasValue(50.0);
        assertThat(earlier.cpuPercentSince(later)).isEmpty();
        assertThat(ContainerStats.previous(json(stats(1, 1, "{\"usage\":1}")), later)).isEmpty();
    }

    @Test
    void a_stopped_container_has_no_live_usage() throws Exception {
        assertThat(ContainerStats.parse(json("{\"cpu_stats\":{\"cpu_usage\":{\"total_usage\":0}},"
                + "\"memory_stats\":{}}"))).isEmpty();
    }

    @Test
    void volume_sizes_are_grouped_by_slot_and_kind_for_this_instance_only() throws Exception {
        JsonNode df = json("{\"Volumes\":["
                + volume("ccx-a-claude", "it1", "ccx-a", "volume-claude", 4096)
                + "," + volume("ccx-a-jobs", "it1", "ccx-a", "volume-jobs", 123456)
                + "," + volume("ccx-a-codex", "it1", "ccx-a", "volume-codex", -1)
                + "," + volume("other-jobs", "it2", "ccx-b", "volume-jobs", 99)
                + ",{\"Name\":\"unlabelled\",\"Labels\":null,\"UsageData\":{\"Size\":5}}]}");
        Map<String, Map<VolumeKind, Long>> sizes = VolumeSizes.parse(df, "it1");
        assertThat(sizes).containsOnlyKeys("ccx-a");
        assertThat(sizes.get("ccx-a")).containsExactlyInAnyOrderEntriesOf(
                Map.of(VolumeKind.CLAUDE, 4096L, VolumeKind.JOBS, 123456L));
    }

    private static String volume(String name, String instance, String slot, String kind, long size) {
        return "{\"Name\":\"" + name + "\",\"Labels\":{\"dev.ccx.instance\":\"" + instance + "\",\"dev.ccx.slot\":\""
                + slot + "\",\"dev.ccx.kind\":\"" + kind + "\"},\"UsageData\":{\"Size\":" + size + ",\"RefCount\":1}}";
    }
}
