package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreadIdsTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    @Test
    void leaderComesFirstThenSortedThreads() throws IOException {
        List<Integer> tids = ThreadIds.list(SELF);
        assertEquals(SELF, tids.getFirst());
        assertTrue(tids.size() > 1);
        List<Integer> rest = tids.subList(1, tids.size());
        assertEquals(rest.stream().sorted().toList(), rest);
    }

    @Test
    void targetHasTwoThreadsAndOneChild() throws IOException {
        try (TargetProcess target = TargetProcess.start()) {
            List<Integer> tids = ThreadIds.list(target.pid);
            assertEquals(2, tids.size());
            assertEquals(target.pid, tids.getFirst());
            assertEquals(List.of(target.child), Children.of(target.pid));
            assertTrue(Children.of(SELF).contains(target.pid));
        }
    }

    @Test
    void childrenFileIsParsedStrictly() throws IOException {
        assertEquals(List.of(7, 12), Children.parse("children", "12 7 "));
        assertEquals(List.of(), Children.parse("children", ""));
        assertThrows(MalformedProcFileException.class, () -> Children.parse("children", "12 x"));
        assertThrows(MalformedProcFileException.class, () -> Children.parse("children", "0"));
    }
}
