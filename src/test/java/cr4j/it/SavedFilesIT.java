package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;

/**
 * Mapped files and the restart rules for them (BLCR-SPEC.md 2.4): a private mapping keeps its
 * changed pages while a shared one follows the file; a replaced executable is refused unless it
 * was saved with --save-exe; with --save-all a job restarts even after its mapped file is gone.
 */
class SavedFilesIT extends CommandTest {
    @Test
    void replacedExecutableIsRefusedUnlessSavedWithSaveExe() throws Exception {
        Path program = dir.resolve("counter");
        Files.copy(TestPrograms.path("counter", Linkage.DYNAMIC), program, StandardCopyOption.COPY_ATTRIBUTES);
        Target plain = start(program);
        plain.stdout().awaitLine(COUNT, LINE);
        Path context = checkpointAndKill(plain);
        Target saved = start(program);
        saved.stdout().awaitLine(COUNT, LINE);
        Path savedContext = dir.resolve("saved.ctx");
        Outcome checkpoint = commands.checkpoint("--save-exe", "--kill", "-f", savedContext.toString(),
                Long.toString(saved.pid()));
        assertEquals(0, checkpoint.exitCode(), checkpoint::describe);
        saved.awaitExit(LINE);
        Files.writeString(program, "not the program any more");

        Outcome refused = commands.restart(context.toString());
        assertEquals(116, refused.exitCode(), refused::describe);
        assertEquals(1, refused.stderr().lines().count(), refused::describe);

        RestartedProcess restored = startRestart(saved.pid(), savedContext);
        restored.stdout().awaitLine(COUNT, LINE);
    }

    @Test
    void privateMappingKeepsItsChangedPageAndSharedMappingSeesTheFile() throws Exception {
        Path data = dir.resolve("data");
        Files.write(data, new byte[8192]);
        Target target = start("mapped_file", Linkage.DYNAMIC, data.toString());
        target.stdout().awaitLine("ready", LINE);
        Path context = checkpointAndKill(target);

        RestartedProcess restored = startRestart(target.pid(), context);
        restored.send("show");
        restored.stdout().awaitLine("private 1 shared 0", LINE);
        try (FileChannel file = FileChannel.open(data, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] {7}), 0);
        }
        restored.send("show");
        restored.stdout().awaitLine("private 1 shared 7", LINE);
    }

    @Test
    void saveAllRestartsAfterTheMappedFileIsGone() throws Exception {
        Path data = dir.resolve("data");
        Files.write(data, new byte[8192]);
        Target target = start("mapped_file", Linkage.DYNAMIC, data.toString());
        target.stdout().awaitLine("ready", LINE);
        Path context = dir.resolve("all.ctx");
        Outcome checkpoint = commands.checkpoint("--save-all", "--kill", "-f", context.toString(),
                Long.toString(target.pid()));
        assertEquals(0, checkpoint.exitCode(), checkpoint::describe);
        target.awaitExit(LINE);
        Files.delete(data);

        RestartedProcess restored = startRestart(target.pid(), context);
        restored.send("show");
        restored.stdout().awaitLine("private 1 shared 0", LINE);
    }
}
