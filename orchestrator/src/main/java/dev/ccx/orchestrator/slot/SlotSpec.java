package dev.ccx.orchestrator.slot;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.policy.RunnerLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything a backend needs to create a user's runner, without secrets (TLS material is issued by the backend
 * at creation). {@link #configHash()} covers every field, so any change recreates the runner on next use.
 */
public record SlotSpec(UserId user, String slotName, String image, String imageId, Map<VolumeKind, String> volumes,
                       Map<String, String> env, RunnerLimits limits, RunnerNetwork network, List<String> extraHosts,
                       Optional<String> seccompProfileJson, int agentPort) {

    public SlotSpec {
        volumes = Map.copyOf(new EnumMap<>(volumes));
        env = Map.copyOf(env);
        extraHosts = List.copyOf(extraHosts);
        if (volumes.size() != VolumeKind.values().length) {
            throw new IllegalArgumentException("a slot has exactly one volume of each kind");
        }
        for (String name : env.keySet()) {
            if (name.startsWith("CCX_TLS_")) {
                throw new IllegalArgumentException("TLS material is issued by the backend, not passed in the spec");
            }
        }
    }

    /** A stable digest of the whole spec (hex, 16 characters). */
    public String configHash() {
        StringBuilder canonical = new StringBuilder();
        canonical.append("image=").append(image).append('@').append(imageId).append('\n');
        new TreeMap<>(volumes).forEach((kind, name) -> canonical.append("volume.").append(kind).append('=')
                .append(name).append('\n'));
        new TreeMap<>(env).forEach((k, v) -> canonical.append("env.").append(k).append('=').append(v).append('\n'));
        canonical.append("limits=").append(limits).append('\n');
        canonical.append("network=").append(network).append('\n');
        canonical.append("hosts=").append(extraHosts).append('\n');
        canonical.append("seccomp=").append(seccompProfileJson.orElse("")).append('\n');
        canonical.append("port=").append(agentPort).append('\n');
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Volume names of this slot, for purges. */
    public List<String> volumeNames() {
        return new TreeMap<>(volumes).values().stream().toList();
    }

    @Override
    public String toString() {
        return "SlotSpec[user=" + user + ", slot=" + slotName + ", image=" + image + ", env=" + env.keySet()
                + ", limits=" + limits + ", network=" + network + "]";
    }
}
