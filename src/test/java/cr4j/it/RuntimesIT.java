package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;

/**
 * Real runtimes as the proof that thread and signal state is complete: a stock JVM (its ~20
 * threads, G1, JIT, safepoint signals) and a Python interpreter, checkpointed with --kill and
 * restarted, go on from where they were.
 */
class RuntimesIT extends CommandTest {
    private static final Path PROGRAMS = Project.directory().resolve("src/test/programs");

    @Test
    void restartedJvmKeepsItsHeapAndThreads() {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Target jvm = start(java, "-XX:+UseG1GC", PROGRAMS.resolve("Counting.java").toString());
        long[] before = ticks(jvm.stdout().awaitLine("tick (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)", LINE));
        awaitTick(jvm, before[0] + 5);
        Path context = checkpointAndKill(jvm);
        long lastSeen = lastNumber(jvm, "tick ");

        RestartedProcess restored = startRestart(jvm.pid(), context);
        long[] first = ticks(restored.stdout().awaitLine("tick (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)", LINE));
        assertEquals(lastSeen + 1, first[0], "the first tick after restart follows the last one before");
        long[] later = ticks(restored.stdout().awaitLine("tick (" + (first[0] + 10) + ") (\\d+) (\\d+) (\\d+) (\\d+)", LINE));
        for (int i = 1; i < later.length; i++) {
            assertTrue(later[i] > first[i], "worker " + i + " counts on: " + Arrays.toString(later));
        }
    }

    @Test
    void restartedPythonInterpreterGoesOn() {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "no python3 on this machine");
        Target py = start(python, "-u", PROGRAMS.resolve("counting.py").toString());
        MatchResult line = py.stdout().awaitLine("py (\\d+) (\\d+)", LINE);
        awaitPyTick(py, Long.parseLong(line.group(1)) + 5);
        Path context = checkpointAndKill(py);
        long lastSeen = lastNumber(py, "py ");

        RestartedProcess restored = startRestart(py.pid(), context);
        MatchResult first = restored.stdout().awaitLine("py (\\d+) (\\d+)", LINE);
        assertEquals(lastSeen + 1, Long.parseLong(first.group(1)));
        MatchResult later = restored.stdout().awaitLine("py (" + (lastSeen + 10) + ") (\\d+)", LINE);
        assertTrue(Long.parseLong(later.group(2)) > Long.parseLong(first.group(2)), "the list keeps growing");
    }

    private static void awaitTick(Target jvm, long tick) {
        jvm.stdout().awaitLine("tick (" + tick + ") (\\d+) (\\d+) (\\d+) (\\d+)", LINE);
    }

    private static void awaitPyTick(Target py, long tick) {
        py.stdout().awaitLine("py (" + tick + ") (\\d+)", LINE);
    }

    /** The highest number after PREFIX the killed original printed, once all its output is read. */
    private static long lastNumber(Target original, String prefix) {
        original.stdout().awaitEnd(LINE);
        return original.stdout().seen().stream().filter(l -> l.startsWith(prefix))
                .mapToLong(l -> Long.parseLong(l.split(" ")[1])).max().orElseThrow();
    }

    private static long[] ticks(MatchResult m) {
        long[] values = new long[m.groupCount()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Long.parseLong(m.group(i + 1));
        }
        return values;
    }
}
