package dev.ccx.runner.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner container's processes as the agent sees them when it is the container's main process (PID 1 itself,
 * or PID 1 is a container init: docker-init, tini, or a Kubernetes Pod's pause): everything else there was started
 * by a run. Lets the agent stop what a
 * run left behind even when it escaped the run's process tree (a new session, a CLI that died under it, a fork
 * bomb re-parented to init). Outside a container (development, tests) there is no such view.
 */
public final class ContainerProcesses {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerProcesses.class);
    private static final Duration KILL_ROUNDS = Duration.ofSeconds(20);
    private static final Duration PAUSE = Duration.ofMillis(25);

    private final long self;
    private final Set<Long> services;

    ContainerProcesses(long self, Set<Long> services) {
        this.self = self;
        this.services = Set.copyOf(services);
    }

    /**
     * Present only when this agent is its container's main process. {@code services} are the agent's own helper
     * processes (its TLS terminator), which are neither strays nor a run's writers.
     */
    public static Optional<ContainerProcesses> ifAgentOwnsContainer(Set<Long> services) {
        long self = ProcessHandle.current().pid();
        return self == 1 || containerInit() ? Optional.of(new ContainerProcesses(self, services))
                : Optional.empty();
    }

    private static boolean containerInit() {
        try {
            String init = new String(Files.readAllBytes(Path.of("/proc/1/cmdline")), StandardCharsets.UTF_8)
                    .split("\0", 2)[0];
            return init.endsWith("docker-init") || init.endsWith("tini") || init.endsWith("/pause");
        } catch (IOException e) {
            return false;
        }
    }

    /** Every process in the container but init, the agent and the agent's services. */
    public Stream<ProcessHandle> others() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != 1 && p.pid() != self && !services.contains(p.pid()));
    }

    /**
     * SIGKILLs, in rounds until none is left, every process that is neither the agent, init, a service, nor one of
     * the agent's own descendants (those belong to runs and logins in progress). Returns how many signals were sent.
     */
    public int killStrays() {
        long end = System.nanoTime() + KILL_ROUNDS.toNanos();
        int signalled = 0;
        for (List<ProcessHandle> strays = strays(); !strays.isEmpty(); strays = strays()) {
            if (System.nanoTime() > end) {
                LOG.warn("{} stray process(es) survived {} s of SIGKILL", strays.size(), KILL_ROUNDS.toSeconds());
                break;
            }
            strays.forEach(ProcessHandle::destroyForcibly);
            signalled += strays.size();
            sleep();
        }
        if (signalled > 0) {
            LOG.info("stopped {} process(es) left behind by finished runs", signalled);
        }
        return signalled;
    }

    private List<ProcessHandle> strays() {
        Set<Long> ours = ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
        return others().filter(p -> !ours.contains(p.pid()) && p.isAlive()).toList();
    }

    private static void sleep() {
        try {
            Thread.sleep(PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
