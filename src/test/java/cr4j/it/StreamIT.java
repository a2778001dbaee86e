package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A context can go through descriptors (BLCR-SPEC.md 1.2 and 2.1): written to an inherited
 * descriptor with -F, and read back through a pipe with cr_restart -F 0, which never needs to
 * seek backwards.
 */
class StreamIT extends CommandTest {
    @Test
    void contextWrittenToADescriptorRestartsFromAPipeOnStdin() throws Exception {
        Target counter = start("counter", Linkage.DYNAMIC, "lines=60", "exit=7");
        long seen = Long.parseLong(counter.stdout().awaitLine(COUNT, LINE).group(1));
        Path context = dir.resolve("streamed");
        String bin = Project.home().resolve("bin").toString();
        int checkpoint = shell(bin + "/cr_checkpoint --kill -F 3 " + counter.pid() + " 3> " + context);
        assertEquals(0, checkpoint, "cr_checkpoint -F 3");
        counter.awaitExit(LINE);

        Process restart = new ProcessBuilder("/bin/sh", "-c", "cat " + context + " | " + bin + "/cr_restart -F 0")
                .directory(dir.toFile()).start();
        List<String> lines = new String(restart.getInputStream().readAllBytes()).lines().toList();
        assertTrue(restart.waitFor(LINE.toSeconds(), TimeUnit.SECONDS), "cr_restart ends with the job");
        assertEquals(7, restart.exitValue(), "the job's exit status, through the pipe");
        assertEquals("60 pid=" + counter.pid(), lines.getLast());
        assertTrue(Long.parseLong(lines.getFirst().split(" ")[0]) > seen, "it went on from where it was");
    }

    private int shell(String command) throws Exception {
        Process p = new ProcessBuilder("/bin/sh", "-c", command).directory(dir.toFile()).inheritIO().start();
        return p.waitFor();
    }
}
