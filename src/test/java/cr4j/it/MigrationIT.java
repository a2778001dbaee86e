package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A context restarts on "another machine" with the same kernel and the same files: here another
 * file system, mounted in a mount namespace of its own over the job's directory, holding copies
 * (other device, other inodes, new modification times) of the program and its input.
 */
class MigrationIT extends CommandTest {
    private static final Path UNSHARE = Path.of("/usr/bin/unshare");

    @Test
    void contextRestartsOnAnotherFileSystemWithCopiesOfTheFiles() throws Exception {
        assumeTrue(Files.isExecutable(UNSHARE), "unshare (util-linux) is missing");
        Path job = Files.createDirectory(dir.resolve("job"));
        Path program = job.resolve("reader_at");
        Files.copy(TestPrograms.path("reader_at", Linkage.DYNAMIC), program);
        Files.writeString(job.resolve("input"), "abcdefghijklmno");
        Target original = start(program, job.toString());
        original.stdout().awaitLine("ready abcde", LINE);
        Path context = checkpointAndKill(original);

        Path other = Files.createDirectory(dir.resolve("other"));
        Files.copy(program, other.resolve("reader_at"));
        Files.copy(job.resolve("input"), other.resolve("input"));
        Files.delete(program);
        Files.delete(job.resolve("input"));
        String restart = "mount -t tmpfs other " + job + " && cp -a " + other + "/. " + job
                + " && exec " + Project.home().resolve("bin/cr_restart") + " " + context;
        Target migrated = start(UNSHARE, "-m", "sh", "-c", restart);
        try {
            migrated.send("next");
            migrated.stdout().awaitLine("read fghij cwd " + job, LINE);
            assertEquals(false, Files.exists(program), "outside the namespace the job's directory stays empty");
        } finally {
            // The restored process is cr_restart's child: end it by the PID it was restored with.
            ProcessHandle.of(original.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
