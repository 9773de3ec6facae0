package dev.ccx.runner.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.runner.testing.FilesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A jobs volume that fills up (a 2 MiB tmpfs, no quota): the upload gets a clean 507 and leaves nothing behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsDiskFullIT {

    private RunnerContainer runner;
    private FilesClient client;

    @BeforeAll
    void start() {
        DockerSupport.requireDocker();
        runner = RunnerContainer.start(RunnerImage.build(), Map.of("CCX_DEV_PLAIN_HTTP", "true",
                "CCX_SLOT", "it-disk-full"), List.of("--tmpfs", "/jobs:rw,nosuid,nodev,size=2m,uid=10001,gid=10001,mode=0750"));
        client = new FilesClient(runner.port());
    }

    @AfterAll
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    @Test
    void an_upload_that_fills_the_disk_gets_507_disk_full_and_its_partial_file_is_removed() {
        FilesClient.Reply full = client.put("/v1/jobs/j/files/big.bin", new byte[3 << 20]);

        assertThat(full.status()).as(full.text()).isEqualTo(507);
        assertThat(full.code()).isEqualTo("disk_full");
        assertThat(full.text()).contains("partial file was removed").doesNotContain("/jobs");
        assertThat(runner.exec("ls", "-A", "/jobs/j").output().strip()).isEmpty();
        assertThat(client.put("/v1/jobs/j/files/small.bin", new byte[1000]).status()).isEqualTo(201);
    }
}
