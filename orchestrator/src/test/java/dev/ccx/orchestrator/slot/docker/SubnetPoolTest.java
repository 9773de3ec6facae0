package dev.ccx.orchestrator.slot.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubnetPoolTest {
    @Test
    void candidates_are_aligned_subnets_inside_the_configured_range() {
        SubnetPool pool = new SubnetPool("10.201.0.0/16", 28);
        assertThat(pool.size()).isEqualTo(4096);
        for (int attempt = 0; attempt < 50; attempt++) {
            String subnet = pool.candidate("ccx-alice-0123", attempt);
            assertThat(subnet).startsWith("10.201.").endsWith("/28");
            int last = Integer.parseInt(subnet.substring(subnet.lastIndexOf('.') + 1, subnet.indexOf('/')));
            assertThat(last % 16).isZero();
        }
    }

    @Test
    void successive_attempts_walk_to_different_subnets_and_slots_spread_out() {
        SubnetPool pool = new SubnetPool("10.201.0.0/16", 28);
        Set<String> walked = new HashSet<>();
        for (int attempt = 0; attempt < 100; attempt++) {
            walked.add(pool.candidate("ccx-alice", attempt));
        }
        assertThat(walked).hasSize(100);
        Set<String> first = new HashSet<>();
        for (int user = 0; user < 100; user++) {
            first.add(pool.candidate("ccx-user" + user, 0));
        }
        assertThat(first.size()).isGreaterThan(90);
        assertThat(pool.candidate("ccx-alice", 0)).isEqualTo(new SubnetPool("10.201.0.0/16", 28).candidate("ccx-alice", 0));
    }

    @Test
    void bad_ranges_are_refused() {
        assertThatThrownBy(() -> new SubnetPool("10.201.0.0", 28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubnetPool("300.1.0.0/16", 28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SubnetPool("10.0.0.0/27", 28)).isInstanceOf(IllegalArgumentException.class);
    }
}
