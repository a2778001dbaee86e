package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every thread of a multi-threaded process comes back with its TID and its state (issue 3):
 * counting threads go on counting, and threads blocked in a mutex, a condition variable, a
 * join, a sleep and a pipe read go on waiting, then get past their call when released.
 */
class ThreadsIT extends CommandTest {
    private static final int WORKERS = 8;
    /** Waiters of threads.c that block in futex waits or a sleep, and the syscall each blocks in. */
    private static final Map<String, Syscall> FUTEX_AND_SLEEP = Map.of("mutex", Syscall.FUTEX, "condvar", Syscall.FUTEX,
            "join", Syscall.FUTEX, "joinee", Syscall.FUTEX, "sleep", Syscall.NANOSLEEP);
    /** A waiter in read(2) of a pipe whose both ends the process holds. */
    private static final Map<String, Syscall> PIPE = Map.of("pipe", Syscall.READ);
    /** Longer than a checkpoint of the whole process, so the sleeper is still asleep when frozen. */
    private static final Duration SLEEP = Duration.ofSeconds(4);
    private static final Pattern READY = Pattern.compile("ready pid=(\\d+) tid=(\\d+) tasks=(\\d+)");
    private static final Pattern ANNOUNCED = Pattern.compile("(worker \\d|\\w+) (?:waiting )?tid=(\\d+)");
    /** Lines that only a broken restore prints. */
    private static final Pattern WRONG = Pattern.compile(".*(mismatch|failed|unknown|eintr=1|error=[1-9]).*");

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void everyThreadContinuesWithItsTidAndFutexAndSleepWaitersResume(Linkage linkage) {
        restoreAndRelease(linkage, FUTEX_AND_SLEEP);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Linkage.class)
    void threadBlockedInReadOfInternalPipeResumes(Linkage linkage) {
        restoreAndRelease(linkage, PIPE);
    }

    /**
     * Runs threads.c with eight workers and the waiters, checks that every task is where it should
     * be, checkpoints with --kill and restarts; then the workers must count on with their TIDs and
     * __thread state, and every waiter must still wait until released and then get past its call.
     */
    private void restoreAndRelease(Linkage linkage, Map<String, Syscall> waiters) {
        List<String> args = new ArrayList<>(List.of(Long.toString(SLEEP.toMillis())));
        waiters.keySet().stream().filter(waiter -> !waiter.equals("joinee")).forEach(args::add);
        Target program = start("threads", linkage, args.toArray(String[]::new));
        Map<String, Long> tids = announcements(program, waiters.keySet());
        Set<Long> tasks = new HashSet<>(tids.values());
        tasks.add(program.pid());
        assertEquals(tasks, ProcessTable.threads(program.pid()), "threads.c announces every task it has");
        waiters.forEach((waiter, syscall) -> awaitBlockedIn(tids.get(waiter), syscall));
        awaitBlockedIn(program.pid(), Syscall.READ);
        program.send("report");
        Map<Integer, Long> before = reports(program.stdout(), 1, tids);

        Path context = checkpointAndKill(program);
        List<String> original = program.stdout().awaitEnd(LINE);
        assertTrue(original.stream().noneMatch(line -> line.contains("passed") || line.contains("ends")),
                () -> "a waiter got past its call before the checkpoint (SLEEP too short?): " + original);

        RestartedProcess restored = startRestart(program.pid(), context);
        restored.send("report");
        Map<Integer, Long> after = reports(restored.stdout(), 2, tids);
        assertEquals(tasks, ProcessTable.threads(program.pid()), "the restored process has the same TIDs");
        assertCountedOn(before, after);
        restored.send("report");
        assertCountedOn(after, reports(restored.stdout(), 3, tids));
        waiters.forEach((waiter, syscall) -> {
            // The restored sleep may already be over; the others wait for the release.
            if (syscall != Syscall.NANOSLEEP) {
                awaitBlockedIn(tids.get(waiter), syscall);
            }
        });

        restored.send("release");
        Set<String> released = new HashSet<>(Set.of("released"));
        waiters.keySet().forEach(waiter -> released.add(passed(waiter, tids.get(waiter))));
        Eventually.until(() -> restored.stdout().seen().containsAll(released), LINE.plus(SLEEP),
                () -> "not every waiter got past its call after release; expected " + released
                        + "\n  " + restored.describe() + "\n  stdout: " + restored.stdout().seen());
        List<String> wrong = restored.stdout().seen().stream().filter(WRONG.asMatchPredicate()).toList();
        assertEquals(List.of(), wrong, "the restored threads saw their state change");
        assertTrue(ProcessTable.exists(program.pid()), restored::describe);
    }

    /** The line threads.c prints when the waiter gets past its call as it should. */
    private static String passed(String waiter, long tid) {
        return switch (waiter) {
            case "joinee" -> "joinee ends tid=" + tid;
            case "join" -> "join passed tid=" + tid + " error=0";
            case "sleep" -> "sleep passed tid=" + tid + " eintr=0";
            case "pipe" -> "pipe passed tid=" + tid + " got=go";
            default -> waiter + " passed tid=" + tid;
        };
    }

    /** Reads the lines up to "ready": NAME (worker I, mutex, ...) to the TID it announced. */
    private static Map<String, Long> announcements(Target program, Set<String> waiters) {
        Map<String, Long> tids = new HashMap<>();
        for (;;) {
            String line = program.stdout().awaitNextLine(LINE);
            Matcher ready = READY.matcher(line);
            if (ready.matches()) {
                assertEquals(program.pid(), Long.parseLong(ready.group(1)), "getpid() of threads.c");
                assertEquals(program.pid(), Long.parseLong(ready.group(2)), "gettid() of the main thread");
                assertEquals(1 + tids.size(), Integer.parseInt(ready.group(3)), () -> "announced " + tids);
                break;
            }
            Matcher announced = ANNOUNCED.matcher(line);
            assertTrue(announced.matches(), () -> "threads.c printed \"" + line + "\" before ready");
            tids.put(announced.group(1), Long.parseLong(announced.group(2)));
        }
        for (int i = 0; i < WORKERS; i++) {
            assertTrue(tids.containsKey("worker " + i), () -> "no worker announced itself: " + tids);
        }
        assertTrue(tids.keySet().containsAll(waiters), () -> "a waiter did not announce itself: " + tids);
        return tids;
    }

    /**
     * Waits for the report of every worker for the generation; each must come from the TID the
     * worker announced. Returns the counts. Other lines are skipped (they stay in the seen lines),
     * except a waiter that got past its call before the release, which fails at once.
     */
    private static Map<Integer, Long> reports(OutputLines stdout, int generation, Map<String, Long> tids) {
        Map<Integer, Long> counts = new HashMap<>();
        Pattern pattern = Pattern.compile("worker (\\d) gen=" + generation + " tid=(\\d+) count=(\\d+)");
        while (counts.size() < WORKERS) {
            String line = stdout.awaitLine(ThreadsIT::isReportOrEarlyPass, "report of generation " + generation, LINE);
            if (!line.startsWith("worker ")) {
                fail("a waiter got past its call before the release: \"" + line + "\"; all lines: " + stdout.seen());
            }
            MatchResult report = pattern.matcher(line).results().findFirst()
                    .orElseThrow(() -> new AssertionError("not a report of generation " + generation + ": " + line));
            int worker = Integer.parseInt(report.group(1));
            assertEquals(tids.get("worker " + worker), Long.parseLong(report.group(2)),
                    () -> "gettid() of worker " + worker + " changed: " + report.group());
            if (counts.put(worker, Long.parseLong(report.group(3))) != null) {
                fail("worker " + worker + " reported twice for generation " + generation + ": " + stdout.seen());
            }
        }
        return counts;
    }

    /** A worker's report, or a waiter other than the sleeper passing (which only the release allows). */
    private static boolean isReportOrEarlyPass(String line) {
        return line.startsWith("worker ") && line.contains(" gen=")
                || !line.startsWith("sleep ") && (line.contains(" passed ") || line.contains(" ends "));
    }

    private static void assertCountedOn(Map<Integer, Long> earlier, Map<Integer, Long> later) {
        earlier.forEach((worker, count) -> assertTrue(later.get(worker) > count,
                () -> "worker " + worker + " did not count on: " + earlier + " then " + later));
    }
}
