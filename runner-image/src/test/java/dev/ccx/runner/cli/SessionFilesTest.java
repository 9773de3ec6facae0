package dev.ccx.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFilesTest {

    private static final String SESSION = "11111111-2222-4333-8444-555555555555";
    private static final String OTHER = "99999999-8888-4777-8666-555555555555";

    @TempDir
    Path claudeHome;

    private Path project(String name) throws Exception {
        return Files.createDirectories(claudeHome.resolve("projects").resolve(name));
    }

    @Test
    void removes_the_sessions_transcript_and_directory_and_the_project_directory_left_empty() throws Exception {
        Path project = project("-tmp-ccx-run-1-work");
        Files.writeString(project.resolve(SESSION + ".jsonl"), "{\"type\":\"user\"}\n");
        Files.createDirectories(project.resolve(SESSION).resolve("subagents"));
        Files.writeString(project.resolve(SESSION).resolve("subagents/a.jsonl"), "{}\n");

        SessionFiles.removeClaudeSession(claudeHome, SESSION);

        assertThat(project).doesNotExist();
        assertThat(claudeHome.resolve("projects")).isEmptyDirectory();
    }

    @Test
    void leaves_other_sessions_and_their_project_directory_alone() throws Exception {
        Path project = project("-jobs-report");
        Files.writeString(project.resolve(SESSION + ".jsonl"), "mine\n");
        Files.writeString(project.resolve(OTHER + ".jsonl"), "theirs\n");
        Path elsewhere = project("-jobs-other");
        Files.writeString(elsewhere.resolve(OTHER + ".jsonl"), "theirs too\n");

        SessionFiles.removeClaudeSession(claudeHome, SESSION);

        assertThat(project.resolve(SESSION + ".jsonl")).doesNotExist();
        assertThat(project.resolve(OTHER + ".jsonl")).hasContent("theirs");
        assertThat(elsewhere.resolve(OTHER + ".jsonl")).hasContent("theirs too");
    }

    @Test
    void finds_the_session_whatever_the_project_directory_is_called() throws Exception {
        Path first = project("a");
        Path second = project("b-with-a-name-the-cli-might-choose");
        Files.writeString(second.resolve(SESSION + ".jsonl"), "x\n");
        Files.writeString(first.resolve("unrelated.txt"), "keep\n");

        SessionFiles.removeClaudeSession(claudeHome, SESSION);

        assertThat(second).doesNotExist();
        assertThat(first.resolve("unrelated.txt")).exists();
    }

    @Test
    void does_not_follow_a_symlinked_project_directory() throws Exception {
        Path outside = Files.createDirectories(claudeHome.resolve("outside"));
        Files.writeString(outside.resolve(SESSION + ".jsonl"), "not in projects\n");
        Files.createDirectories(claudeHome.resolve("projects"));
        Files.createSymbolicLink(claudeHome.resolve("projects/link"), outside);

        SessionFiles.removeClaudeSession(claudeHome, SESSION);

        assertThat(outside.resolve(SESSION + ".jsonl")).exists();
    }

    @Test
    void a_home_without_projects_is_left_as_it_is() {
        SessionFiles.removeClaudeSession(claudeHome, SESSION);

        assertThat(claudeHome).isEmptyDirectory();
    }

    @Test
    void the_empty_project_directory_of_a_scratch_working_directory_is_removed() throws Exception {
        Path cwd = Path.of("/tmp/ccx/run-0f3c/work");
        Files.createDirectories(project("-tmp-ccx-run-0f3c-work").resolve("memory"));

        SessionFiles.removeScratchProject(claudeHome, cwd);

        assertThat(claudeHome.resolve("projects")).isEmptyDirectory();
    }

    @Test
    void a_scratch_project_directory_holding_a_file_and_other_projects_are_kept() throws Exception {
        Path kept = project("-tmp-ccx-run-1a2b-work");
        Files.createDirectories(kept.resolve("memory"));
        Files.writeString(kept.resolve("memory").resolve("MEMORY.md"), "written by the user\n");
        Path other = Files.createDirectories(project("-tmp-ccx-run-ffff-work").resolve("memory"));

        SessionFiles.removeScratchProject(claudeHome, Path.of("/tmp/ccx/run-1a2b/work"));
        SessionFiles.removeScratchProject(claudeHome, Path.of("/tmp/ccx/run-none/work"));

        assertThat(kept.resolve("memory").resolve("MEMORY.md")).hasContent("written by the user");
        assertThat(other).isDirectory();
    }
}
