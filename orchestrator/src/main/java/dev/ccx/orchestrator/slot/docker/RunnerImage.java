package dev.ccx.orchestrator.slot.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.ccx.orchestrator.http.ApiException;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The id the runner image tag points to, cached and refreshed periodically so a rebuilt image rolls out. */
public final class RunnerImage implements Supplier<String> {
    private static final Logger LOG = LoggerFactory.getLogger(RunnerImage.class);
    private final DockerClient docker;
    private final String tag;
    private volatile String id;

    public RunnerImage(DockerClient docker, String tag) {
        this.docker = docker;
        this.tag = tag;
    }

    @Override
    public String get() {
        String current = id;
        if (current == null) {
            refresh();
            current = id;
        }
        if (current == null) {
            throw ApiException.unavailable("runner_image_missing",
                    "the runner image " + tag + " is not available on this host; build it (see README)", 30);
        }
        return current;
    }

    /** Re-reads the tag; returns true when it now points to a different image than before. */
    public boolean refresh() {
        String previous = id;
        try {
            id = docker.inspectImageCmd(tag).exec().getId();
        } catch (NotFoundException e) {
            id = null;
            LOG.warn("runner image {} not found", tag);
        }
        boolean changed = previous != null && !Objects.equals(previous, id);
        if (changed) {
            LOG.info("runner image {} changed; slots move to it on their next use", tag);
        }
        return changed;
    }
}
