package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a libcr program may do that the library must survive: fork outside and inside callbacks,
 * block or take over CR_SIGNUM, reap its own children while it checkpoints itself, and call the
 * deprecated request API twice.
 */
class LibcrRobustnessIT extends CommandTest {
    private static final int CR_ETEMPFAIL = 2354;
    private static final int ESRCH = 3;
    private static final int CR_POLL_CHKPT_ERR_POST = -2;

    @Test
    void childForkedOutsideAnyCallbackKeepsItsStandardInput() {
        Target target = start("libcr_fork_stdin", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        target.send("hello");
        assertEquals("child read=hello", target.stdout().awaitNextLine(LINE),
                "libcr's fork handler leaves descriptor 0 alone");
        assertEquals("child status=0", target.stdout().awaitNextLine(LINE));
        assertEquals(0, target.awaitExit(LINE));
    }

    @Test
    void threadThatBlocksTheCheckpointSignalIsLeftOutAndDoesNotHoldTheRound() {
        Target target = start("libcr_sigwait", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        for (String context : List.of("first.ctx", "second.ctx")) {
            Outcome saved = commands.checkpoint("--time", "10", "-f", context, Long.toString(target.pid()));
            assertEquals(0, saved.exitCode(), () -> "a thread in sigwait() with CR_SIGNUM blocked takes no part: "
                    + saved.describe());
            assertEquals("signal rc=0", target.stdout().awaitNextLine(LINE), "the main thread's callback ran");
        }
    }

    @Test
    void childForkedInASignalCallbackIsCancelledAndDoesNotHang() {
        Target target = start("libcr_fork_signal", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        for (String context : List.of("first.ctx", "second.ctx")) {
            Outcome saved = commands.checkpoint("--time", "10", "-f", context, Long.toString(target.pid()));
            assertEquals(0, saved.exitCode(), saved::describe);
            assertEquals(List.of("child rc=-" + CR_ETEMPFAIL, "child status=7", "callback rc=0"),
                    target.stdout().awaitNextLines(3, LINE),
                    "the child's round is over, cancelled, and it leaves the callback at once");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ignore", "handler"})
    void selfCheckpointOfAProgramThatReapsItsChildrenSucceeds(String reaping) throws IOException {
        Target target = start("libcr_reaped", Linkage.LIBCR, reaping, "0");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        String polled = target.stdout().awaitNextLine(LINE);
        assertTrue(polled.startsWith("poll rc=1 "),
                () -> "the status comes from cr4j-parent's report, not from a waitpid() that finds no child: " + polled);
        String log = target.stdout().awaitNextLine(LINE);
        assertFalse(log.contains("cr4j-exit"), () -> "the report is taken off the log: " + log);
        assertTrue(Files.size(dir.resolve("reaped.ctx")) > 0, "the context was written");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ignore", "handler"})
    void failedRequestOfAProgramThatReapsItsChildrenReportsTheRealError(String reaping)
            throws IOException, InterruptedException {
        Target target = start("libcr_reaped", Linkage.LIBCR, reaping, Long.toString(freePid()));
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        assertEquals("poll rc=" + CR_POLL_CHKPT_ERR_POST + " errno=" + ESRCH, target.stdout().awaitNextLine(LINE),
                "a checkpoint of no process fails with ESRCH, not CR_ERESTARTED");
        String log = target.stdout().awaitNextLine(LINE);
        assertTrue(log.startsWith("log=") && !log.contains("cr4j-exit") && log.length() > "log=".length(),
                () -> "the command's message stays, the report goes: " + log);
    }

    @ParameterizedTest
    @ValueSource(strings = {"handler", "ignore", "default"})
    void signalCallbacksRunThoughTheProgramTookTheCheckpointSignalForItself(String disposition) {
        Target target = start("libcr_own_signal", Linkage.LIBCR, disposition);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        checkpoint(target, "--time", "10");
        assertEquals("signal rc=0", target.stdout().awaitNextLine(LINE),
                "libcr's handler is back for the round");
        target.send("raise");
        List<String> expected = disposition.equals("handler")
                ? List.of("disposition=handler", "own handler", "raised")
                : List.of("disposition=" + disposition, "raised");
        assertEquals(expected, target.stdout().awaitNextLines(expected.size(), LINE),
                "the program's own disposition is back after the round");
    }
}
