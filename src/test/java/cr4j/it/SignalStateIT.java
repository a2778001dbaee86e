package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The signal and timer state of a process comes back with it (issue 3): handlers with their
 * flags and masks, the alternate stack, blocked masks, pending signals with their siginfo, the
 * interval timers, and the stopped state.
 */
class SignalStateIT extends CommandTest {
    private static final int SIGHUP = 1;
    private static final int SIGINT = 2;
    private static final int SIGUSR1 = 10;
    private static final int SIGUSR2 = 12;
    private static final int SIGCONT = 18;
    private static final int SIGSTOP = 19;
    private static final String READY = "ready pid=(\\d+) thread=(\\d+) rtmin=(\\d+)";
    /** What main of signal_state.c blocks and has pending until it is told to unblock. */
    private static final String HELD_MASK = "mask usr1=1 rt2=1 winch=0 urg=0 term=0 pending=1";

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void handlersActWithTheirFlagsAndMasksAfterRestart(Linkage linkage) {
        Target program = start("signal_state", linkage);
        int realtimeMin = Integer.parseInt(program.stdout().awaitLine(READY, LINE).group(3));
        awaitBlockedIn(program.pid(), Syscall.READ);
        Path context = checkpointAndKill(program);

        RestartedProcess restored = startRestart(program.pid(), context);
        restored.send("mask");
        assertEquals(HELD_MASK, restored.stdout().awaitNextLine(LINE), "the blocked mask of main");

        // Each signal arrives while main waits in read(2): SA_RESTART must resume the read.
        awaitBlockedIn(program.pid(), Syscall.READ);
        signal(program.pid(), SIGUSR2);
        assertEquals("usr2 handled masked=1", restored.stdout().awaitNextLine(LINE));
        awaitBlockedIn(program.pid(), Syscall.READ);
        queueSignal(program.pid(), realtimeMin + 1, 777);
        assertEquals("info value=777 code=-1 masked=1", restored.stdout().awaitNextLine(LINE),
                "the SA_SIGINFO handler sees sigqueue's value and SI_QUEUE");
        awaitBlockedIn(program.pid(), Syscall.READ);
        signal(program.pid(), SIGHUP);
        assertEquals("onstack inside=1 masked=1", restored.stdout().awaitNextLine(LINE),
                "the SA_ONSTACK handler runs on the alternate stack");
        awaitBlockedIn(program.pid(), Syscall.READ);
        signal(program.pid(), SIGINT);

        restored.send("mask");
        assertEquals(HELD_MASK, restored.stdout().awaitNextLine(LINE),
                "the ignored SIGINT did nothing, and no read failed with EINTR");
        restored.closeInput();
        assertEquals(0, restored.awaitExit(LINE), restored::describe);
        assertEquals(List.of(), restored.stdout().drainUnread());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void pendingSignalsAreDeliveredOnceWithTheirValueAfterUnblock(Linkage linkage) {
        Target program = start("signal_state", linkage);
        MatchResult ready = program.stdout().awaitLine(READY, LINE);
        long thread = Long.parseLong(ready.group(2));
        int threadSignal = Integer.parseInt(ready.group(3)) + 2;
        awaitBlockedIn(program.pid(), Syscall.READ);
        assertPending(program.pid(), thread, threadSignal);
        Path context = checkpointAndKill(program);

        RestartedProcess restored = startRestart(program.pid(), context);
        restored.send("mask");
        assertEquals(HELD_MASK, restored.stdout().awaitNextLine(LINE), "the blocked mask of main");
        assertPending(program.pid(), thread, threadSignal);

        restored.send("unblock");
        List<String> delivered = List.of(restored.stdout().awaitNextLine(LINE), restored.stdout().awaitNextLine(LINE),
                restored.stdout().awaitNextLine(LINE));
        assertEquals(List.of("queued signo=" + SIGUSR1 + " value=4242 code=-1 pid=" + program.pid() + " tid=" + program.pid(),
                "queued signo=" + threadSignal + " value=4343 code=-1 pid=" + program.pid() + " tid=" + thread,
                "thread unblocked"), delivered, "each pending signal reaches its thread with its siginfo");
        restored.send("count");
        assertEquals("count usr1=1 rt2=1", restored.stdout().awaitNextLine(LINE), "each pending signal came once");
        assertEquals(0, ProcessTable.signalSet(program.pid(), "ShdPnd"), "nothing is left pending");
        assertEquals(0, ProcessTable.signalSet(thread, "SigPnd"), "nothing is left pending for the thread");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void intervalTimersKeepTheirPeriodAfterRestart(Linkage linkage) {
        Target program = start("itimer", linkage);
        program.stdout().awaitLine("ready", LINE);
        program.stdout().awaitLine("tick 10 t=\\d+", LINE);
        Path context = checkpointAndKill(program);
        long lastTick = program.stdout().awaitEnd(LINE).stream().filter(line -> line.startsWith("tick "))
                .mapToLong(line -> Long.parseLong(line.split("[ =]")[1])).max().orElseThrow();

        RestartedProcess restored = startRestart(program.pid(), context);
        // The count goes on from the saved one, so the first tenth tick after restart is the next one.
        MatchResult first = restored.stdout().awaitLine("tick (\\d+) t=(\\d+)", LINE);
        assertEquals(lastTick + 10, Long.parseLong(first.group(1)), first::group);
        MatchResult second = restored.stdout().awaitLine("tick (\\d+) t=(\\d+)", LINE);
        assertEquals(lastTick + 20, Long.parseLong(second.group(1)), second::group);
        double seconds = (Long.parseLong(second.group(2)) - Long.parseLong(first.group(2))) / 1e9;
        double perSecond = 10 / seconds;
        assertTrue(perSecond >= 5 && perSecond <= 20,
                () -> "ITIMER_REAL of 100 ms fired 10 times in " + seconds + " s after restart");

        restored.send("timers");
        MatchResult timers = restored.stdout().awaitLine(
                "timers real=(\\d+)/(\\d+) virtual=(\\d+)/(\\d+) prof=(\\d+)/(\\d+)", LINE);
        assertEquals("100000", timers.group(1), () -> "interval of ITIMER_REAL: " + timers.group());
        assertEquals("7000000", timers.group(3), () -> "interval of ITIMER_VIRTUAL: " + timers.group());
        assertEquals("9000000", timers.group(5), () -> "interval of ITIMER_PROF: " + timers.group());
        assertArmedAtMost(timers.group(2), 100_000, timers.group());
        // A jiffy of rounding on top of the first expiry itimer.c set.
        assertArmedAtMost(timers.group(4), 30_010_000, timers.group());
        assertArmedAtMost(timers.group(6), 40_010_000, timers.group());
    }

    @Test
    void stoppedProcessStaysStoppedAndSigcontLetsItContinue() {
        Target counter = start("counter", Linkage.DYNAMIC);
        counter.stdout().awaitLine("2 pid=\\d+", LINE);
        signal(counter.pid(), SIGSTOP);
        awaitStopped(counter.pid());

        Path context = checkpoint(counter);
        assertEquals('T', ProcessTable.state(counter.pid()), "a stopped process stays stopped after the checkpoint");
        assertEquals(0, ProcessTable.tracer(counter.pid()), "the checkpointer detached");
        counter.close();
        long last = Counts.last(counter.stdout().awaitEnd(LINE), counter.pid());

        RestartedProcess restored = startRestart(counter.pid(), context);
        awaitStopped(counter.pid());
        assertEquals(List.of(), restored.stdout().drainUnread(), "the restored process counted while stopped");
        signal(counter.pid(), SIGCONT);
        assertEquals((last + 1) + " pid=" + counter.pid(), restored.stdout().awaitNextLine(LINE));
    }

    /** SIGUSR1 pending for the whole process, and the realtime signal for the second thread only. */
    private static void assertPending(long pid, long thread, int threadSignal) {
        assertEquals(1L << (SIGUSR1 - 1), ProcessTable.signalSet(pid, "ShdPnd"), "pending for the process");
        assertEquals(1L << (threadSignal - 1), ProcessTable.signalSet(thread, "SigPnd"), "pending for the thread");
        assertEquals(0, ProcessTable.signalSet(pid, "SigPnd"), "pending for the main thread");
    }

    /** Stopped by a signal (T), not held by a tracer (t), and nobody traces it. */
    private static void awaitStopped(long pid) {
        Eventually.until(() -> ProcessTable.state(pid) == 'T' && ProcessTable.tracer(pid) == 0, LINE,
                () -> "process " + pid + " is in state " + ProcessTable.state(pid) + " with tracer "
                        + ProcessTable.tracer(pid) + ", not stopped (T) and untraced");
    }

    private static void assertArmedAtMost(String microseconds, long most, String line) {
        long value = Long.parseLong(microseconds);
        assertTrue(value > 0 && value <= most, () -> "a timer is disarmed or later than set: " + line);
    }
}
