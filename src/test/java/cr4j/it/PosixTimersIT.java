package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.MatchResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** POSIX timers come back with their IDs and keep firing at their periods. */
class PosixTimersIT extends CommandTest {
    private static final String REPORT = "timer-id (\\d+) (\\d+) ticks (\\d+) (\\d+)";

    @ParameterizedTest
    @EnumSource(Linkage.class)
    void posixTimersKeepTheirIdsAndPeriods(Linkage linkage) {
        Target target = start("posix_timers", linkage);
        MatchResult before = target.stdout().awaitLine(REPORT, LINE);
        Path context = checkpointAndKill(target);

        RestartedProcess restored = startRestart(target.pid(), context);
        MatchResult first = restored.stdout().awaitLine(REPORT, LINE);
        assertEquals(before.group(1), first.group(1), "the first timer keeps its id");
        assertEquals(before.group(2), first.group(2), "the second timer keeps its id");
        MatchResult later = restored.stdout().awaitLine(REPORT, LINE);
        long slowTicks = Long.parseLong(later.group(3)) - Long.parseLong(first.group(3));
        long fastTicks = Long.parseLong(later.group(4)) - Long.parseLong(first.group(4));
        assertEquals(10, slowTicks, "reports come every 10 ticks of the slow timer");
        assertTrue(fastTicks >= 16 && fastTicks <= 24,
                "the 50 ms timer fires twice as often as the 100 ms one: " + fastTicks + " in 10 slow ticks");
    }
}
