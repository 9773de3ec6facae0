package dev.ccx.orchestrator.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service and admin keys. Configured keys win; otherwise one key of each kind is generated on first start
 * into the state directory (mode 0600) and reused afterwards, so a zero-configuration start is usable and safe.
 */
public record CallerKeys(List<String> serviceKeys, List<String> adminKeys) {
    private static final Logger LOG = LoggerFactory.getLogger(CallerKeys.class);
    public static final String SERVICE_KEY_FILE = "service.key";
    public static final String ADMIN_KEY_FILE = "admin.key";

    public CallerKeys {
        serviceKeys = List.copyOf(serviceKeys);
        adminKeys = List.copyOf(adminKeys);
    }

    /** Uses the configured keys, or loads/generates {@code service.key} and {@code admin.key} under {@code stateDir}. */
    public static CallerKeys loadOrGenerate(List<String> configuredService, List<String> configuredAdmin, Path stateDir) {
        List<String> service = configuredService.isEmpty()
                ? List.of(loadOrCreate(stateDir.resolve(SERVICE_KEY_FILE), "ccx_svc_")) : configuredService;
        List<String> admin = configuredAdmin.isEmpty()
                ? List.of(loadOrCreate(stateDir.resolve(ADMIN_KEY_FILE), "ccx_adm_")) : configuredAdmin;
        return new CallerKeys(service, admin);
    }

    private static String loadOrCreate(Path file, String prefix) {
        try {
            if (Files.exists(file)) {
                String key = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (key.length() >= 16) {
                    LOG.info("using the generated key in {}", file);
                    return key;
                }
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String key = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            writePrivate(file, key + "\n");
            LOG.warn("generated a new key in {} (read it with: cat {})", file, file);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write key file " + file, e);
        }
    }

    /** Writes {@code content} to {@code file} atomically with mode 0600. */
    public static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return "CallerKeys[service=" + serviceKeys.size() + ", admin=" + adminKeys.size() + "]";
    }
}
