package dev.ccx.runner.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobPathsTest {

    @TempDir
    Path dir;

    private Path jobs;
    private JobPaths paths;

    @BeforeEach
    void setUp() throws Exception {
        jobs = Files.createDirectories(dir.resolve("jobs"));
        Files.createDirectories(jobs.resolve("a/b"));
        Files.createDirectories(dir.resolve("outside"));
        paths = new JobPaths(jobs);
    }

    @Test
    void relative_and_absolute_paths_inside_jobs_resolve_to_their_real_directory() throws Exception {
        assertThat(paths.existingDir("cwd", "a/b")).isEqualTo(jobs.resolve("a/b").toRealPath());
        assertThat(paths.existingDir("cwd", jobs.resolve("a").toString())).isEqualTo(jobs.resolve("a").toRealPath());
        assertThat(paths.existingDir("cwd", "a/b/../b/.")).isEqualTo(jobs.resolve("a/b").toRealPath());
    }

    @Test
    void traversal_out_of_jobs_is_refused() {
        assertRefused(() -> paths.existingDir("cwd", "../outside"), "cwd must be inside the jobs directory");
        assertRefused(() -> paths.existingDir("add_dirs", "a/../../outside"), "add_dirs must be inside the jobs");
    }

    @Test
    void absolute_paths_outside_jobs_are_refused() {
        assertRefused(() -> paths.existingDir("cwd", "/etc"), "cwd must be inside the jobs directory");
        assertRefused(() -> paths.existingDir("cwd", dir.resolve("outside").toString()), "cwd must be inside");
    }

    @Test
    void a_symbolic_link_that_escapes_jobs_is_refused() throws Exception {
        Files.createSymbolicLink(jobs.resolve("escape"), dir.resolve("outside"));
        Files.createSymbolicLink(jobs.resolve("a/inner"), jobs.resolve("a/b"));

        assertRefused(() -> paths.existingDir("cwd", "escape"), "cwd resolves outside the jobs directory");
        assertThat(paths.existingDir("cwd", "a/inner")).isEqualTo(jobs.resolve("a/b").toRealPath());
    }

    @Test
    void nul_characters_missing_directories_and_files_are_refused() throws Exception {
        Files.writeString(jobs.resolve("file.txt"), "x");

        assertRefused(() -> paths.existingDir("cwd", "a\0b"), "cwd must be a non-empty path without NUL");
        assertRefused(() -> paths.existingDir("cwd", "missing"), "cwd does not exist");
        assertRefused(() -> paths.existingDir("cwd", "file.txt"), "cwd is not a directory");
    }

    @Test
    void a_job_directory_is_created_on_first_use_and_reused() throws Exception {
        Path first = paths.jobDir("report-2024.v1");
        Files.writeString(first.resolve("in.txt"), "kept");

        assertThat(first).isEqualTo(jobs.resolve("report-2024.v1").toRealPath());
        assertThat(paths.jobDir("report-2024.v1").resolve("in.txt")).hasContent("kept");
    }

    @Test
    void job_names_must_be_simple_names() throws Exception {
        Files.createSymbolicLink(jobs.resolve("linked"), dir.resolve("outside"));

        for (String bad : new String[] {"..", "a..b", "../x", "A", "-x", "a/b", "", "x".repeat(65)}) {
            assertRefused(() -> paths.jobDir(bad), "job must match");
        }
        assertRefused(() -> paths.jobDir("linked"), "job resolves outside the jobs directory");
    }

    private static void assertRefused(Runnable call, String messageStart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.INVALID_PATH);
            assertThat(e.getMessage()).startsWith(messageStart);
        });
    }
}
