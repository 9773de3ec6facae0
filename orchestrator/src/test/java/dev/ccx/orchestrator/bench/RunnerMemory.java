package dev.ccx.orchestrator.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.TopContainerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The memory of a runner container's processes (tini, the agent's JVM and its TLS terminator): resident set as
 * {@code ps} reports it
 * (what the target is about), the anonymous part of it, which is what each further runner really adds (code and
 * the class-data archive are file pages shared by every runner of the same image), and the proportional set size,
 * which splits each shared page among the processes that map it.
 */
final class RunnerMemory {
    private RunnerMemory() {}

    record Usage(double rssMiB, double anonymousMiB, double pssMiB) {}

    static Usage of(DockerClient docker, String container) {
        TopContainerResponse top = docker.topContainerCmd(container).withPsArgs("-eo pid,rss").exec();
        List<String> titles = Arrays.asList(top.getTitles());
        int pidColumn = titles.indexOf("PID");
        int rssColumn = titles.indexOf("RSS");
        double rssKib = 0;
        double anonKib = 0;
        double pssKib = 0;
        for (String[] process : top.getProcesses()) {
            rssKib += Double.parseDouble(process[rssColumn]);
            anonKib += rollup(process[pidColumn], "Anonymous:");
            pssKib += rollup(process[pidColumn], "Pss:");
        }
        return new Usage(rssKib / 1024, anonKib / 1024, pssKib / 1024);
    }

    /** A field of the process's {@code smaps_rollup} in KiB; NaN where the host cannot read it. */
    private static double rollup(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "smaps_rollup"))) {
                if (line.startsWith(field)) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // another PID namespace or no permission: unknown
        }
        return Double.NaN;
    }
}
