package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** cr_restart brings a process checkpointed with --kill back to life, as itself, in cr_restart's place. */
class RestartIT extends CommandTest {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void restartedCounterContinuesAfterKill(Linkage linkage) {
        Target counter = start("counter", linkage);
        counter.stdout().awaitLine("3 pid=\\d+", LINE);
        Path context = checkpointAndKill(counter);
        // --kill lets the original run no further after the freeze, so everything it counted
        // before the freeze is on its stdout; a count it made but had not printed yet is printed
        // first by the restored copy. Either way the restored copy goes on from last + 1.
        long last = Counts.last(counter.stdout().awaitEnd(LINE), counter.pid());

        RestartedProcess restored = startRestart(counter.pid(), context);
        List<String> after = Stream.generate(() -> restored.stdout().awaitNextLine(LINE)).limit(5).toList();

        Counts.assertConsecutive(after, last + 1, counter.pid());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void restoredCounterAnswersWithTheNextCount(Linkage linkage) {
        Target counter = start("counter", linkage, "stdin");
        for (int i = 1; i <= 3; i++) {
            counter.send("");
            assertEquals(i + " pid=" + counter.pid(), counter.stdout().awaitNextLine(LINE));
        }
        awaitBlockedIn(counter.pid(), Syscall.READ);
        Path context = checkpointAndKill(counter);

        RestartedProcess restored = startRestart(counter.pid(), context);
        restored.send("");
        restored.send("");

        assertEquals(4 + " pid=" + counter.pid(), restored.stdout().awaitNextLine(LINE));
        assertEquals(5 + " pid=" + counter.pid(), restored.stdout().awaitNextLine(LINE));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void restoredProcessKeepsItsPidAsChildOfRestart(Linkage linkage) {
        Target counter = start("counter", linkage, "stdin");
        RestartedProcess restored = restartAfterOneCount(counter);

        long parent = ProcessHandle.of(counter.pid()).flatMap(ProcessHandle::parent).map(ProcessHandle::pid).orElse(-1L);
        assertEquals(restored.restartPid(), parent, "the restored process must be a child of cr_restart");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void restoredOutputArrivesOnRestartStdoutAndStderr(Linkage linkage) {
        Target counter = start("counter", linkage, "stdin");
        RestartedProcess restored = restartAfterOneCount(counter);
        restored.send("e");
        assertEquals("3 pid=" + counter.pid(), restored.stderr().awaitLine(COUNT, LINE).group());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void restoredProcessSeesItsExeAndCmdline(Linkage linkage) {
        Path program = TestPrograms.path("self_info", linkage);
        Target self = start("self_info", linkage, "first", "two words");
        self.stdout().awaitLine("ready", LINE);
        self.send("");
        String exe = "exe=" + program;
        String cmdline = "cmdline=" + program + "|first|two words";
        assertEquals(exe, self.stdout().awaitNextLine(LINE));
        assertEquals(cmdline, self.stdout().awaitNextLine(LINE));
        Path context = checkpointAndKill(self);

        RestartedProcess restored = startRestart(self.pid(), context);
        restored.send("");

        assertEquals(exe, restored.stdout().awaitNextLine(LINE));
        assertEquals(cmdline, restored.stdout().awaitNextLine(LINE));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void exitStatusIsMirrored(Linkage linkage) {
        Target counter = start("counter", linkage, "stdin", "lines=5", "exit=7");
        counter.send("");
        counter.send("");
        counter.stdout().awaitLine("2 pid=\\d+", LINE);
        Path context = checkpointAndKill(counter);

        RestartedProcess restored = startRestart(counter.pid(), context);
        for (int i = 3; i <= 5; i++) {
            restored.send("");
            assertEquals(i + " pid=" + counter.pid(), restored.stdout().awaitNextLine(LINE));
        }

        assertEquals(7, restored.awaitExit(LINE), restored::describe);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void deathBySignalIsMirrored(Linkage linkage) {
        Target counter = start("counter", linkage, "stdin");
        counter.send("");
        counter.stdout().awaitLine(COUNT, LINE);
        Path context = checkpointAndKill(counter);
        RestartedProcess restored = startRestart(counter.pid(), context);
        restored.send("");
        restored.stdout().awaitLine("2 pid=\\d+", LINE);

        assertTrue(restored.restored().orElseThrow().destroy(), "SIGTERM to the restored process");

        // ProcessBuilder reports a death by signal N as 128 + N; SIGTERM is 15.
        assertEquals(128 + 15, restored.awaitExit(LINE), restored::describe);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void oneContextRestartsTwiceFromTheSameState(Linkage linkage) {
        Target counter = start("counter", linkage, "stdin");
        counter.send("");
        counter.send("");
        counter.stdout().awaitLine("2 pid=\\d+", LINE);
        Path context = checkpointAndKill(counter);

        for (int round = 1; round <= 2; round++) {
            try (RestartedProcess restored = commands.startRestart(counter.pid(), context.toString())) {
                restored.send("");
                restored.send("");
                assertEquals("3 pid=" + counter.pid(), restored.stdout().awaitNextLine(LINE), "round " + round);
                assertEquals("4 pid=" + counter.pid(), restored.stdout().awaitNextLine(LINE), "round " + round);
                restored.closeInput();
                assertEquals(0, restored.awaitExit(LINE), restored::describe);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void restoredProcessCanForkAndExec(Linkage linkage) {
        Target forker = start("forker", linkage);
        forker.stdout().awaitLine("ready", LINE);
        forker.send("");
        forker.stdout().awaitLine("child-ok", LINE);
        forker.stdout().awaitLine("child exited=0", LINE);
        awaitBlockedIn(forker.pid(), Syscall.READ);
        Path context = checkpointAndKill(forker);

        RestartedProcess restored = startRestart(forker.pid(), context);
        restored.send("");

        assertEquals("child-ok", restored.stdout().awaitNextLine(LINE));
        assertEquals("child exited=0", restored.stdout().awaitNextLine(LINE));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void restartIsRefusedWhileOriginalRunsAndStartsNothing(Linkage linkage) {
        Path program = TestPrograms.path("counter", linkage);
        Target counter = start("counter", linkage);
        counter.stdout().awaitLine("2 pid=\\d+", LINE);
        Path context = checkpoint(counter);

        Outcome refused = commands.restart(context.toString());

        assertEquals(16, refused.exitCode(), () -> "EBUSY expected: " + refused.describe());
        assertEquals(1, refused.stderrLines().size(), () -> "one line on stderr: " + refused.describe());
        assertEquals("", refused.stdout(), refused::describe);
        assertTrue(counter.isAlive(), "the original must still run");
        assertEquals(List.of(counter.pid()), ProcessTable.running(program), "only the original runs the program");
        assertEquals(List.of(), ProcessTable.running(Project.home()), "nothing from cr4j is left running");
        long seen = Counts.last(counter.stdout().seen(), counter.pid());
        counter.stdout().awaitLine((seen + 2) + " pid=" + counter.pid(), LINE);
    }

    /**
     * Lets the stdin-driven counter count once, checkpoints it with --kill, restarts it and
     * checks that its next count, on cr_restart's stdout, is 2 under the same PID.
     */
    private RestartedProcess restartAfterOneCount(Target counter) {
        counter.send("");
        counter.stdout().awaitLine(COUNT, LINE);
        Path context = checkpointAndKill(counter);
        RestartedProcess restored = startRestart(counter.pid(), context);
        restored.send("");
        assertEquals("2 pid=" + counter.pid(), restored.stdout().awaitNextLine(LINE));
        return restored;
    }
}
