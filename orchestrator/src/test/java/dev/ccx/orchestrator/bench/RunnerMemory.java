package dev.ccx.orchestrator.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.TopContainerResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The memory of a runner container's processes (tini and the agent's JVM): resident set as {@code ps} reports it
 * (what the target is about), and the anonymous part of it, which is what each further runner really adds
 * (code and the class-data archive are file pages shared by every runner of the same image).
 */
final class RunnerMemory {
    private RunnerMemory() {}

    record Usage(double rssMiB, double anonymousMiB) {}

    static Usage of(DockerClient docker, String container) {
        TopContainerResponse top = docker.topContainerCmd(container).withPsArgs("-eo pid,rss").exec();
        List<String> titles = Arrays.asList(top.getTitles());
        int pidColumn = titles.indexOf("PID");
        int rssColumn = titles.indexOf("RSS");
        double rssKib = 0;
        double anonKib = 0;
        for (String[] process : top.getProcesses()) {
            rssKib += Double.parseDouble(process[rssColumn]);
            anonKib += anonymousKib(process[pidColumn]);
        }
        return new Usage(rssKib / 1024, anonKib / 1024);
    }

    private static double anonymousKib(String pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "smaps_rollup"))) {
                if (line.startsWith("Anonymous:")) {
                    return Double.parseDouble(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN; // another PID namespace or no permission: unknown
        }
        return Double.NaN;
    }
}
