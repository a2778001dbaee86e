package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;

/**
 * A job whose files moved restarts with --relocate OLD=NEW (BLCR-SPEC.md 2.2): its executable,
 * its open input (at its offset) and its working directory are found under NEW.
 */
class RelocateIT extends CommandTest {
    @Test
    void jobWhoseDirectoryMovedRestartsWithRelocate() throws Exception {
        Path before = Files.createDirectory(dir.resolve("before"));
        Path program = before.resolve("reader_at");
        Files.copy(TestPrograms.path("reader_at", Linkage.DYNAMIC), program, StandardCopyOption.COPY_ATTRIBUTES);
        Files.writeString(before.resolve("input"), "abcdefghijklmno");
        Target target = start(program, before.toString());
        target.stdout().awaitLine("ready abcde", LINE);
        Path context = checkpointAndKill(target);
        Path after = dir.resolve("after");
        Files.move(before, after);

        Outcome refused = commands.restart(context.toString());
        assertEquals(2, refused.exitCode(), refused::describe);
        assertTrue(refused.stderr().contains(program.toString()), "the refusal names the missing file: " + refused.stderr());

        RestartedProcess restored = owned(commands.startRestart(target.pid(), "--relocate",
                before + "=" + after, context.toString()));
        restored.send("next");
        restored.stdout().awaitLine("read fghij cwd " + after, LINE);
        assertEquals(after.resolve("reader_at"), Files.readSymbolicLink(Path.of("/proc/" + target.pid() + "/exe")));
    }
}
