package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What cr_checkpoint does to the process and the file, and how it answers bad requests (BLCR-SPEC.md section 1). */
class CheckpointIT extends CommandTest {

    @Test
    void defaultCheckpointLeavesProcessRunningAndFileReadOnly() throws IOException {
        Target counter = start("counter", Linkage.DYNAMIC);
        counter.stdout().awaitLine("2 pid=\\d+", LINE);

        Outcome checkpoint = commands.checkpoint(Long.toString(counter.pid()));

        assertEquals(0, checkpoint.exitCode(), checkpoint::describe);
        Path context = dir.resolve("context." + counter.pid());
        assertTrue(Files.isRegularFile(context), () -> "context." + counter.pid() + " in the working directory");
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(context)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(context), files.toList(), "nothing but the context file is left behind");
        }
        assertEquals(0, ProcessTable.tracer(counter.pid()), "the process is no longer traced");
        long seen = Counts.last(counter.stdout().seen(), counter.pid());
        counter.stdout().awaitLine((seen + 3) + " pid=" + counter.pid(), LINE);
    }

    @Test
    void termOptionKillsAfterFileIsSaved() {
        Target counter = start("counter", Linkage.DYNAMIC);
        counter.stdout().awaitLine("2 pid=\\d+", LINE);

        Path context = checkpoint(counter, "--term");

        assertEquals(128 + 15, counter.awaitExit(LINE), "the original dies by SIGTERM");
        assertInfoReads(context);
        // The state was saved before the SIGTERM: the restored copy counts on from where it stopped.
        long last = Counts.last(counter.stdout().awaitEnd(LINE), counter.pid());
        RestartedProcess restored = startRestart(counter.pid(), context);
        assertEquals((last + 1) + " pid=" + counter.pid(), restored.stdout().awaitNextLine(LINE));
    }

    @Test
    void termOptionIsHandledAfterFileIsSaved() {
        Target signals = start("signals", Linkage.DYNAMIC);
        signals.stdout().awaitLine("ready", LINE);

        Path context = checkpoint(signals, "--term");

        signals.stdout().awaitLine("got SIGNAL 15", LINE);
        assertInfoReads(context);
        signals.send("");
        signals.stdout().awaitLine("received=1", LINE);
    }

    @Test
    void stopOptionStopsAfterFileIsSaved() {
        Target counter = start("counter", Linkage.DYNAMIC);
        counter.stdout().awaitLine("2 pid=\\d+", LINE);

        Path context = checkpoint(counter, "--stop");

        Eventually.until(() -> ProcessTable.state(counter.pid()) == 'T', LINE,
                () -> "process " + counter.pid() + " is in state " + ProcessTable.state(counter.pid()) + ", not T (stopped)");
        assertEquals(0, ProcessTable.tracer(counter.pid()), "the stopped process is no longer traced");
        assertInfoReads(context);
    }

    @Test
    void signalOptionActsAfterFileIsSaved() {
        Target signals = start("signals", Linkage.DYNAMIC);
        signals.stdout().awaitLine("ready", LINE);

        Path context = checkpoint(signals, "--signal", "10");

        signals.stdout().awaitLine("got SIGNAL 10", LINE);
        assertInfoReads(context);
        signals.close();
        // The saved state precedes the signal, and the signal is not part of it (BLCR-SPEC.md 1.2).
        RestartedProcess restored = startRestart(signals.pid(), context);
        restored.send("");
        assertEquals("received=0", restored.stdout().awaitNextLine(LINE));
    }

    @Test
    void checkpointOfMissingProcessExitsWithEsrch() throws Exception {
        long pid = freePid();

        Outcome checkpoint = commands.checkpoint("-f", dir.resolve("context").toString(), Long.toString(pid));

        assertEquals(3, checkpoint.exitCode(), checkpoint::describe);
        assertEquals(1, checkpoint.stderrLines().size(), () -> "one line on stderr: " + checkpoint.describe());
        assertTrue(Files.notExists(dir.resolve("context")), "no file for a failed checkpoint");
    }

    static Stream<Arguments> badOptions() {
        return Stream.of(
                Arguments.of("no ID", List.of(), 255),
                Arguments.of("ID not a number", List.of("abc"), 255),
                Arguments.of("two IDs", List.of("PID", "PID"), 255),
                Arguments.of("unknown option", List.of("--no-such-option", "PID"), 255),
                Arguments.of("signal not a number", List.of("--signal", "x", "PID"), 255),
                Arguments.of("signal 0", List.of("--signal", "0", "PID"), 22),
                Arguments.of("signal 65", List.of("--signal", "65", "PID"), 22),
                Arguments.of("file and fd", List.of("-f", "somewhere", "-F", "1", "PID"), 22));
    }

    /** A free PID stands for the target: an option the parser wrongly accepts then shows as exit 3, and nothing is touched. */
    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("badOptions")
    void checkpointRejectsBadOptionsWithBlcrExitCodes(String what, List<String> args, int exitCode) throws Exception {
        String pid = Long.toString(freePid());
        String[] withPid = args.stream().map(arg -> arg.equals("PID") ? pid : arg).toArray(String[]::new);

        Outcome checkpoint = commands.checkpoint(withPid);

        assertEquals(exitCode, checkpoint.exitCode(), checkpoint::describe);
        assertNotEquals(List.of(), checkpoint.stderrLines(), () -> "a message on stderr: " + checkpoint.describe());
    }

    @Test
    void helpAndVersionExitZeroOnStdout() {
        Outcome help = commands.checkpoint("--help");
        Outcome version = commands.checkpoint("--version");

        assertEquals(0, help.exitCode(), help::describe);
        assertTrue(help.stdout().contains("--kill"), help::describe);
        assertEquals(0, version.exitCode(), version::describe);
        assertTrue(version.stdout().startsWith("cr_checkpoint version "), version::describe);
    }

    private void assertInfoReads(Path context) {
        Outcome info = commands.info(context.toString());
        assertEquals(0, info.exitCode(), () -> "the file is complete when the signal acts: " + info.describe());
    }
}
