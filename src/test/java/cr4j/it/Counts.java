package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the "N pid=P" lines of counter.c; any other line (mismatch, pid-changed, read failed) fails the test. */
final class Counts {
    private static final Pattern COUNT = Pattern.compile(CommandTest.COUNT);

    private Counts() {
    }

    static long of(String line, long pid) {
        Matcher matcher = COUNT.matcher(line);
        if (!matcher.matches()) {
            fail("counter printed \"" + line + "\" instead of \"N pid=" + pid + "\"");
        }
        assertEquals(pid, Long.parseLong(matcher.group(2)), () -> "counter runs with another PID: " + line);
        return Long.parseLong(matcher.group(1));
    }

    /** The last count of the lines, checking that all of them count up by one from the first. */
    static long last(List<String> lines, long pid) {
        if (lines.isEmpty()) {
            fail("counter printed nothing");
        }
        long first = of(lines.getFirst(), pid);
        assertConsecutive(lines, first, pid);
        return first + lines.size() - 1;
    }

    static void assertConsecutive(List<String> lines, long first, long pid) {
        for (int i = 0; i < lines.size(); i++) {
            long expected = first + i;
            assertEquals(expected, of(lines.get(i), pid),
                    () -> "the counts must go up by one from " + first + " with no gap and no repeat: " + lines);
        }
    }
}
