package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.MatchResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A syscall the freeze interrupted resumes after restart as if nothing happened (DESIGN.md, restart step 5). */
class InterruptedSyscallIT extends CommandTest {
    /**
     * Longer than a checkpoint plus the start of a restart, so the restored sleep is still due
     * when it resumes and an early wake shows.
     */
    private static final Duration SLEEP = Duration.ofSeconds(3);

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void sleepingProcessResumesWithoutEarlyWakeOrEintr(Linkage linkage) {
        Target sleeper = start("sleeper", linkage, Long.toString(SLEEP.toMillis()));
        MatchResult sleeping = sleeper.stdout().awaitLine("sleeping ms=\\d+ start=(\\d+)", LINE);
        long start = Long.parseLong(sleeping.group(1));
        awaitBlockedIn(sleeper.pid(), Syscall.NANOSLEEP);
        Path context = checkpointAndKill(sleeper);

        long restartBegan = System.nanoTime();
        RestartedProcess restored = startRestart(sleeper.pid(), context);
        MatchResult slept = restored.stdout().awaitLine("slept (\\d+) ms eintr=(\\d) end=(\\d+)", LINE.plus(SLEEP));

        assertTrue(restartBegan < start + SLEEP.toNanos(), "the checkpoint took longer than the sleep; "
                + "the test cannot see an early wake (make SLEEP longer)");
        assertEquals("0", slept.group(2), () -> "nanosleep returned EINTR after restart: " + slept.group());
        long sleptNanos = Long.parseLong(slept.group(3)) - start;
        assertTrue(sleptNanos >= SLEEP.toNanos(), () -> "woke early: " + slept.group());
        assertEquals(0, restored.awaitExit(LINE), restored::describe);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void readingProcessResumesAndGetsData(Linkage linkage) {
        Target reader = start("pipe_reader", linkage);
        reader.stdout().awaitLine("ready", LINE);
        awaitBlockedIn(reader.pid(), Syscall.READ);
        Path context = checkpointAndKill(reader);

        RestartedProcess restored = startRestart(reader.pid(), context);
        awaitBlockedIn(reader.pid(), Syscall.READ);
        restored.send("hello after restart");

        assertEquals("got 19: hello after restart", restored.stdout().awaitNextLine(LINE));
        restored.closeInput();
        assertEquals("eof", restored.stdout().awaitNextLine(LINE));
        assertEquals(0, restored.awaitExit(LINE), restored::describe);
        assertEquals(List.of(), restored.stdout().drainUnread());
    }
}
