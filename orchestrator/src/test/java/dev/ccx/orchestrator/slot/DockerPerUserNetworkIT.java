package dev.ccx.orchestrator.slot;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Network;
import dev.ccx.orchestrator.it.DockerSupport;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The slot backend contract with one network per user, plus what dedicated networks add. */
class DockerPerUserNetworkIT extends DockerSlotBackendIT {
    @Override
    protected RunnerNetwork network(String slotName) {
        return RunnerNetwork.dedicatedTo(slotName);
    }

    @Test
    void each_user_gets_a_network_of_its_own_which_purge_removes() {
        SlotSpec alice = spec("alice", Map.of());
        SlotSpec bob = spec("bob", Map.of());
        backend().ensureRunning(alice);
        backend().ensureRunning(bob);
        Network aliceNet = DockerSupport.docker().inspectNetworkCmd().withNetworkId(alice.network().name()).exec();
        Network bobNet = DockerSupport.docker().inspectNetworkCmd().withNetworkId(bob.network().name()).exec();
        assertThat(aliceNet.getContainers()).hasSize(1);
        assertThat(bobNet.getContainers()).hasSize(1);
        String aliceSubnet = aliceNet.getIpam().getConfig().get(0).getSubnet();
        assertThat(aliceSubnet).endsWith("/28").isNotEqualTo(bobNet.getIpam().getConfig().get(0).getSubnet());

        backend().remove(alice.slotName(), new HashSet<>(alice.volumeNames()));
        List<Network> left = DockerSupport.docker().listNetworksCmd().withNameFilter(alice.network().name()).exec();
        assertThat(left).noneMatch(n -> n.getName().equals(alice.network().name()));
        assertThat(DockerSupport.docker().inspectNetworkCmd().withNetworkId(bob.network().name()).exec()
                .getContainers()).hasSize(1);
    }
}
