package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A process that checkpoints itself: through libcr's request API (BLCR-SPEC.md 4.3), which runs
 * the installed cr_checkpoint, and through cr_checkpoint run by a shell on its own tree
 * (BLCR-SPEC.md 1.1). The copy restarted from such a context learns that it was restarted.
 */
class LibcrSelfCheckpointIT extends CommandTest {
    private static final int CR_ERESTARTED = 2363;
    private static final int CR_ETEMPFAIL = 2354;
    private static final String DONE = "poll rc=[1-9]\\d* errno=\\d+";

    @Test
    void requestIntoAnOpenFileCompletesAndTheRestartedCopyIsToldItWasRestarted() throws IOException {
        Target target = start("libcr_self", Linkage.LIBCR, "fd");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);
        assertEquals("requested", target.stdout().awaitNextLine(LINE));
        assertContinued(target, DONE);
        Path context = dir.resolve("self.ctx");
        assertTrue(Files.size(context) > 0, "the request wrote the context into the program's descriptor");

        RestartedProcess restored = restartAfterKill(target, context);
        assertEquals(Set.of("callback rc=" + restored.restartPid(), "poll rc=-2 errno=" + CR_ERESTARTED),
                Set.of(restored.stdout().awaitNextLine(LINE), restored.stdout().awaitNextLine(LINE)),
                "the poll reports CR_ERESTARTED through CR_POLL_CHKPT_ERR_POST");
    }

    @Test
    void treeRequestRestartedLeavesNoChildBehind() {
        Target target = start("libcr_self", Linkage.LIBCR, "tree");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);
        assertEquals("requested", target.stdout().awaitNextLine(LINE));
        assertContinued(target, DONE);
        assertEquals("children none", target.stdout().awaitNextLine(LINE));

        RestartedProcess restored = restartAfterKill(target, dir.resolve("self.ctx"));
        assertEquals(Set.of("callback rc=" + restored.restartPid(), "poll rc=-2 errno=" + CR_ERESTARTED),
                Set.copyOf(restored.stdout().awaitNextLines(2, LINE)));
        assertEquals("children none", restored.stdout().awaitNextLine(LINE),
                "the restored cr4j-parent of the request is reaped, not left a zombie or running");
    }

    @Test
    void requestIntoTheWorkingDirectoryWritesContextDotPid() throws IOException {
        Target target = start("libcr_self", Linkage.LIBCR, "cwd");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);
        assertEquals("requested", target.stdout().awaitNextLine(LINE));
        assertContinued(target, DONE);
        assertTrue(Files.size(dir.resolve("context." + target.pid())) > 0, "CR_DEST_CWD writes context.PID");
    }

    @Test
    void deprecatedRequestFileIsDoneOnceTheStatusIsIdleAgain() {
        Target target = start("libcr_self", Linkage.LIBCR, "file");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);
        assertEquals("requested", target.stdout().awaitNextLine(LINE));
        assertEquals(List.of("callback rc=0", "idle"),
                List.of(target.stdout().awaitNextLine(LINE), target.stdout().awaitNextLine(LINE)),
                "the status is IDLE only once the callbacks are done");

        RestartedProcess restored = restartAfterKill(target, dir.resolve("self.ctx"));
        assertEquals(List.of("callback rc=" + restored.restartPid(), "idle"),
                List.of(restored.stdout().awaitNextLine(LINE), restored.stdout().awaitNextLine(LINE)));
    }

    @Test
    void deprecatedRequestFileTwiceWithOneNameKeepsTheSecondContext() throws IOException {
        Target target = start("libcr_request_twice", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);
        assertEquals(List.of("callback rc=-" + CR_ETEMPFAIL, "callback rc=0", "idle"),
                target.stdout().awaitNextLines(3, LINE));
        Path context = dir.resolve("twice.ctx");
        assertTrue(Files.isRegularFile(context) && Files.size(context) > 0,
                "the failed first request is ended before the file is opened again, so its clean-up leaves the "
                        + "second request's file alone");

        RestartedProcess restored = restartAfterKill(target, context);
        assertEquals(List.of("callback rc=" + restored.restartPid(), "idle"), restored.stdout().awaitNextLines(2, LINE));
    }

    @Test
    void shellThatCheckpointsItsOwnTreeSeesSuccessAgainAfterRestart() {
        Path checkpoint = Project.home().resolve("bin/cr_checkpoint");
        Target shell = start(Path.of("/bin/sh"), "-c",
                checkpoint + " --tree $$ -f self.ctx; echo rc=$?; read line; echo line=$line");
        assertEquals("rc=0", shell.stdout().awaitNextLine(Commands.TIMEOUT));

        RestartedProcess restored = restartAfterKill(shell, dir.resolve("self.ctx"));
        assertEquals("rc=0", restored.stdout().awaitNextLine(LINE),
                "cr_checkpoint's restarted waiting parent finds no child and reports success");
        restored.send("go");
        assertEquals("line=go", restored.stdout().awaitNextLine(LINE));
        assertEquals(0, restored.awaitExit(LINE), restored::describe);
    }

    /** The callback and the request's own report, in either order: both follow the same verdict. */
    private static void assertContinued(Target target, String requestDone) {
        List<String> lines = List.of(target.stdout().awaitNextLine(LINE), target.stdout().awaitNextLine(LINE));
        assertTrue(lines.contains("callback rc=0"), () -> "the callback continues with 0: " + lines);
        assertTrue(lines.stream().anyMatch(line -> line.matches(requestDone)), () -> "the request is done: " + lines);
    }

    /** Kills the original by SIGKILL, waits until its PID is free and restarts the context. */
    private RestartedProcess restartAfterKill(Target original, Path context) {
        signal(original.pid(), 9);
        assertEquals(128 + 9, original.awaitExit(LINE));
        return startRestart(original.pid(), context);
    }
}
