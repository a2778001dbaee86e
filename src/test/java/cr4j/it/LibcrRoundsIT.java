package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Rounds of the callback protocol of one libcr process (doc/libcr-protocol.md, BLCR-SPEC.md 4.2
 * and the SEQ/CRUT tests of 6.3 and 6.4 they follow): a checkpoint that overlaps a running one,
 * checkpoints in a row, hooks, a stopped target, a lone process that omits itself, a second
 * generation of restarts, a callback that forks, libcr loaded with dlopen, and critical sections
 * under repeated checkpoints.
 */
class LibcrRoundsIT extends CommandTest {
    private static final int EBUSY = 16;
    private static final int ESRCH = 3;
    private static final int CR_EOMITTED = 2358;
    private static final int SIGCONT = 18;
    private static final int SIGSTOP = 19;
    private static final Pattern STRESS = Pattern.compile("(thread|signal) inside=(\\d+) count=(\\d+) rc=(-?\\d+)");

    @Test
    void checkpointOfAProcessInTheMiddleOfItsCallbacksIsRefusedAsBusy() throws IOException {
        Target target = start("libcr_overlap", Linkage.LIBCR, Project.home().resolve("bin/cr_checkpoint").toString());
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        Path context = checkpoint(target);
        assertEquals(List.of("inner before exit=" + EBUSY, "inner after exit=" + EBUSY, "callback rc=0"),
                target.stdout().awaitNextLines(3, LINE), this::innerErrors);
        assertFalse(Files.exists(dir.resolve("inner.ctx")), "a refused checkpoint writes no context");

        // Killed only now that its callback has reaped the inner command, which would outlive it otherwise.
        signal(target.pid(), 9);
        assertEquals(128 + 9, target.awaitExit(LINE));
        RestartedProcess restored = startRestart(target.pid(), context);
        assertEquals(List.of("inner after exit=" + EBUSY, "callback rc=" + restored.restartPid()),
                restored.stdout().awaitNextLines(2, LINE), () -> "also while restarting: " + innerErrors());
    }

    @Test
    void secondCheckpointRightAfterTheFirstSucceeds() {
        Target target = start("libcr_restarted", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        for (String context : List.of("first.ctx", "second.ctx")) {
            Outcome saved = commands.checkpoint("-f", context, Long.toString(target.pid()));
            assertEquals(0, saved.exitCode(), () -> "cr_checkpoint returns once the callbacks are done, so the next "
                    + "one finds the process idle: " + saved.describe());
        }
        assertEquals(List.of("signal rc=0", "signal rc=0", "thread rc=0", "thread rc=0"),
                target.stdout().awaitNextLines(4, LINE).stream().sorted().toList());
    }

    @Test
    void hooksFireOnceOnTheirOwnPathInTheThreadOfTheirCallbacks() {
        Target target = start("libcr_hooks", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        checkpoint(target);
        target.send("hooks");
        assertMatches("hooks cont-signal=1@main cont-thread=1@cr4j-libcr\\*? rstrt-signal=0@- rstrt-thread=0@-"
                + " cont-nocb=1@worker rstrt-nocb=0@-", target.stdout().awaitNextLine(LINE));

        Path context = checkpointAndKill(target);
        RestartedProcess restored = startRestart(target.pid(), context);
        restored.send("hooks");
        assertMatches("hooks cont-signal=1@main cont-thread=1@cr4j-libcr\\*? rstrt-signal=1@main "
                + "rstrt-thread=1@cr4j-libcr\\*? cont-nocb=1@worker rstrt-nocb=1@worker",
                restored.stdout().awaitNextLine(LINE));
    }

    @Test
    void stoppedProcessRunsItsCallbacksIsStoppedAgainAndRestartsStopped() {
        Target target = start("libcr_order", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);
        signal(target.pid(), SIGSTOP);
        awaitState(target.pid(), 'T');

        checkpoint(target);
        List<String> lines = target.stdout().awaitNextLines(8, LINE);
        assertTrue(lines.containsAll(List.of("leave thread1 rc=0", "leave thread2 rc=0", "leave signal1 rc=0",
                "leave signal2 rc=0")), () -> "a stopped process runs its callbacks too: " + lines);
        awaitState(target.pid(), 'T');
        signal(target.pid(), SIGCONT);
        target.send("status");
        assertEquals("status=0", target.stdout().awaitNextLine(LINE), "once continued, libcr is idle");

        signal(target.pid(), SIGSTOP);
        awaitState(target.pid(), 'T');
        Path context = checkpointAndKill(target);
        RestartedProcess restored = startRestart(target.pid(), context);
        awaitState(target.pid(), 'T');
        signal(target.pid(), SIGCONT);
        List<String> restarted = restored.stdout().awaitNextLines(4, LINE);
        assertTrue(restarted.stream().allMatch(l -> l.matches("leave (thread|signal)[12] rc=" + restored.restartPid())),
                () -> "restored stopped, as it was saved, its callbacks finish once it is continued: " + restarted);
    }

    private static void awaitState(long pid, char state) {
        Eventually.until(() -> ProcessTable.state(pid) == state, LINE,
                () -> "process " + pid + " is in state " + ProcessTable.state(pid) + ", not " + state);
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "signal"})
    void loneProcessThatOmitsItselfIsNotSavedAndGetsNoSignal(String context) {
        Target target = start("libcr_fail", Linkage.LIBCR, context, "omit");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        Outcome omitted = commands.checkpoint("--pid", "--term", "-f", "omit.ctx", Long.toString(target.pid()));
        assertEquals(ESRCH, omitted.exitCode(), () -> "nothing is left to save: " + omitted.describe());
        assertEquals(List.of("callback voting", "callback rc=-" + CR_EOMITTED), target.stdout().awaitNextLines(2, LINE));
        target.send("status");
        assertEquals("status=0", target.stdout().awaitNextLine(LINE));
        assertTrue(target.isAlive(), "an omitted process gets no SIGTERM");
        assertFalse(Files.exists(dir.resolve("omit.ctx")), "nothing was saved");
    }

    @Test
    void restartedProcessIsCheckpointedAndRestartedAgain() {
        Target target = start("libcr_restarted", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);
        Path first = checkpointAndKill(target);
        RestartedProcess firstRestart = startRestart(target.pid(), first);
        assertRestartedBy(firstRestart, first);

        Path second = dir.resolve("second.ctx");
        Outcome saved = commands.checkpoint("--kill", "-f", second.toString(), Long.toString(target.pid()));
        assertEquals(0, saved.exitCode(), saved::describe);
        int firstExit = firstRestart.awaitExit(LINE);

        RestartedProcess secondRestart = startRestart(target.pid(), second);
        assertRestartedBy(secondRestart, second);
        assertEquals(128 + 9, firstExit, () -> "cr_restart dies by SIGKILL as its restored process did: "
                + firstRestart.describe());
    }

    @Test
    void threadCallbackForksAndReapsAChildBeforeItsCheckpoint() {
        Target target = start("libcr_fork", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        checkpoint(target);
        assertEquals(List.of("cs enter=0 leave=0", "child status=7", "callback rc=0"),
                target.stdout().awaitNextLines(3, LINE));
    }

    @Test
    void programThatLoadsLibcrWithDlopenTakesPartThroughTheHandle() {
        Target target = start("libcr_dlopen", Linkage.LIBCR_DLOPEN, Project.home().resolve("lib/libcr.so.0").toString());
        assertEquals("global cr_init=absent", target.stdout().awaitNextLine(LINE),
                "the library was loaded locally: its symbols are not global");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        checkpoint(target);
        assertEquals("callback rc=0", target.stdout().awaitNextLine(LINE));
    }

    @Test
    void checkpointsInARowNeverFindTheMainThreadInsideItsCriticalSection() {
        Target target = start("libcr_cs_stress", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        List<Long> counts = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            Outcome saved = commands.checkpoint("-f", "stress.ctx", Long.toString(target.pid()));
            assertEquals(0, saved.exitCode(), saved::describe);
            counts.add(assertOutsideTheSection(target.stdout().awaitNextLines(2, LINE)));
        }
        target.send("stop");
        long total = Long.parseLong(target.stdout().awaitLine("stopped count=(\\d+)", LINE).group(1));
        assertEquals(0, target.awaitExit(LINE));
        counts.add(total);
        for (int i = 1; i < counts.size(); i++) {
            assertTrue(counts.get(i - 1) < counts.get(i), () -> "the main thread enters again after each checkpoint: "
                    + counts);
        }
    }

    /** Both callbacks of one round saw the section empty and continued; returns the count they saw. */
    private static long assertOutsideTheSection(List<String> lines) {
        Set<String> tags = new HashSet<>();
        long count = -1;
        for (String line : lines) {
            Matcher matcher = STRESS.matcher(line);
            assertTrue(matcher.matches() && matcher.group(2).equals("0") && matcher.group(4).equals("0"),
                    () -> "a callback outside the section that continues: " + lines);
            tags.add(matcher.group(1));
            count = Math.max(count, Long.parseLong(matcher.group(3)));
        }
        assertEquals(Set.of("thread", "signal"), tags, lines::toString);
        return count;
    }

    private static void assertRestartedBy(RestartedProcess restored, Path context) {
        String info = "rc=" + restored.restartPid() + " requester=" + restored.restartPid() + " src=" + context;
        assertEquals(Set.of("thread " + info, "signal " + info), Set.copyOf(restored.stdout().awaitNextLines(2, LINE)));
    }

    private static void assertMatches(String regex, String line) {
        assertTrue(line.matches(regex), () -> "expected /" + regex + "/ but got: " + line);
    }

    /** What the inner cr_checkpoint said, for failure messages. */
    private String innerErrors() {
        try {
            Path log = dir.resolve("inner.err");
            return "inner cr_checkpoint stderr: " + (Files.exists(log) ? Files.readString(log) : "(none)");
        } catch (IOException e) {
            return "inner.err unreadable: " + e;
        }
    }
}
