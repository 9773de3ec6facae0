package dev.ccx.runner.cli;

import dev.ccx.runner.files.RunDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes what a Claude session leaves in the user's Claude home ({@code projects/<cwd>/<session>.jsonl} and the
 * session's directory), whatever the CLI's project-directory naming is; runs also pass
 * {@code --no-session-persistence}, so normally there is nothing to remove.
 */
public final class SessionFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SessionFiles.class);

    private SessionFiles() {
    }

    /** Deletes the transcript files of {@code sessionId} below {@code claudeHome/projects}. */
    public static void removeClaudeSession(Path claudeHome, String sessionId) {
        Path projects = claudeHome.resolve("projects");
        if (!Files.isDirectory(projects, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(projects)) {
            for (Path project : dirs) {
                if (!Files.isDirectory(project, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                boolean removed = Files.deleteIfExists(project.resolve(sessionId + ".jsonl"));
                Path sessionDir = project.resolve(sessionId);
                if (Files.isDirectory(sessionDir, LinkOption.NOFOLLOW_LINKS)) {
                    RunDirectory.deleteTree(sessionDir);
                    removed = true;
                }
                if (removed) {
                    deleteIfEmpty(project);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot clean up Claude session {}: {}", sessionId, e.toString());
        }
    }

    /**
     * Deletes the project directory Claude made for a scratch working directory (one the agent removes after the
     * run), named after that path with every character but letters and digits turned into {@code -}, when it holds
     * no file: Claude creates an empty {@code memory/} there for every new working directory, which would otherwise
     * pile up in the user's persistent home, one per text-only run.
     */
    public static void removeScratchProject(Path claudeHome, Path scratchCwd) {
        Path project = claudeHome.resolve("projects")
                .resolve(scratchCwd.toAbsolutePath().toString().replaceAll("[^A-Za-z0-9]", "-"));
        if (!Files.isDirectory(project, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(project)) {
            if (tree.allMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
                RunDirectory.deleteTree(project);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("cannot clean up Claude's project directory for {}: {}", scratchCwd, e.toString());
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            if (!entries.iterator().hasNext()) {
                Files.delete(dir);
            }
        }
    }
}
