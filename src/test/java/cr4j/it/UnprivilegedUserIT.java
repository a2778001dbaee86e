package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a user without privileges meets: root's processes and root's context files are out of reach. */
class UnprivilegedUserIT extends CommandTest {
    private static final int NOBODY = 65534;
    private static final int EPERM = 1;
    private static final int EACCES = 13;

    private Commands nobody;

    @BeforeEach
    void switchToNobody() throws IOException {
        assumeTrue(Commands.canSwitchUser(), "setpriv (util-linux) is not installed");
        assumeTrue(Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.split(":")[2].equals("" + NOBODY)),
                "no user with uid 65534");
        nobody = commands.asUser(NOBODY, NOBODY);
    }

    @Test
    void checkpointOfRootProcessIsDeniedAndProcessKeepsRunning() throws IOException {
        Target counter = start("counter", Linkage.DYNAMIC);
        counter.stdout().awaitLine("2 pid=\\d+", LINE);
        // A directory nobody may write, so the only reason to fail is the process, not the file.
        Path writable = Files.createDirectory(dir.resolve("nobody"));
        Files.setAttribute(writable, "unix:uid", NOBODY);
        Files.setAttribute(writable, "unix:gid", NOBODY);
        Path context = writable.resolve("context");

        Outcome denied = nobody.checkpoint("-f", context.toString(), Long.toString(counter.pid()));

        assertEquals(EPERM, denied.exitCode(), denied::describe);
        assertEquals(1, denied.stderrLines().size(), () -> "one line on stderr: " + denied.describe());
        assertTrue(Files.notExists(context), "no context file for a denied checkpoint");
        try (var left = Files.list(writable)) {
            assertEquals(0, left.count(), "no temporary file left behind");
        }
        assertEquals(0, ProcessTable.tracer(counter.pid()), "the process is not traced");
        long seen = Counts.last(counter.stdout().seen(), counter.pid());
        counter.stdout().awaitLine((seen + 2) + " pid=" + counter.pid(), LINE);
    }

    @Test
    void restartOfRootsContextIsDeniedWithEacces() {
        Path context = rootsContext();

        Outcome denied = nobody.restart(context.toString());

        assertEquals(EACCES, denied.exitCode(), denied::describe);
        assertEquals(1, denied.stderrLines().size(), () -> "one line on stderr: " + denied.describe());
        assertEquals("", denied.stdout(), denied::describe);
    }

    @Test
    void infoOfRootsContextIsDeniedWithEacces() {
        Path context = rootsContext();

        Outcome denied = nobody.info(context.toString());

        assertEquals(EACCES, denied.exitCode(), denied::describe);
        assertEquals(1, denied.stderrLines().size(), () -> "one line on stderr: " + denied.describe());
    }

    /** A context file root made (mode 0400, owner root) of a process that is gone. */
    private Path rootsContext() {
        Target counter = start("counter", Linkage.DYNAMIC, "stdin");
        counter.send("");
        counter.stdout().awaitLine(COUNT, LINE);
        return checkpointAndKill(counter);
    }
}
