package dev.ccx.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ContainerProcessesTest {

    @Test
    void the_agents_services_are_neither_others_nor_strays_but_its_other_children_are_others() throws Exception {
        Process service = new ProcessBuilder("sleep", "30").start();
        Process other = new ProcessBuilder("sleep", "30").start();
        try {
            ContainerProcesses view = new ContainerProcesses(ProcessHandle.current().pid(), Set.of(service.pid()));

            assertThat(view.others().map(ProcessHandle::pid)).contains(other.pid()).doesNotContain(service.pid(),
                    ProcessHandle.current().pid(), 1L);
            assertThat(new ContainerProcesses(ProcessHandle.current().pid(), Set.of()).others()
                    .map(ProcessHandle::pid)).contains(service.pid());
        } finally {
            service.destroyForcibly();
            other.destroyForcibly();
        }
    }
}
