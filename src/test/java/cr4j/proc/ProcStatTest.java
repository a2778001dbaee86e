package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcStatTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    private static String stat(String comm, String state) {
        StringBuilder line = new StringBuilder("4242 (" + comm + ") " + state);
        for (int field = 4; field <= 52; field++) {
            line.append(' ').append(field * 10);
        }
        return line.append('\n').toString();
    }

    @Test
    void commIsReadUpToTheLastParenthesis() throws IOException {
        ProcStat stat = ProcStat.parse("stat", stat("a) (b) c", "S"));
        assertEquals(4242, stat.pid());
        assertEquals("a) (b) c", stat.comm());
        assertEquals('S', stat.state());
        assertEquals(40, stat.ppid());
        assertEquals(50, stat.pgrp());
        assertEquals(60, stat.session());
        assertEquals(70, stat.ttyNr());
        assertEquals(90, stat.flags());
        assertEquals(200, stat.numThreads());
        assertEquals(260, stat.startCode());
        assertEquals(270, stat.endCode());
        assertEquals(280, stat.startStack());
        assertEquals(380, stat.exitSignal());
        assertEquals(450, stat.startData());
        assertEquals(510, stat.envEnd());
    }

    @Test
    void malformedStatIsRefusedWithTheField() {
        List<String> bad = List.of("4242 comm S 1 2", stat("x", "S").replace(" 260 ", " -260 "),
                stat("x", "S").replace(" 40 ", " x "), stat("x", "SS"), "4242 (x) S 1 2 3\n",
                stat("x", "S").replace(") S", ")S"));
        for (String text : bad) {
            var e = assertThrows(MalformedProcFileException.class, () -> ProcStat.parse("/proc/4242/stat", text));
            assertTrue(e.getMessage().startsWith("/proc/4242/stat line 1: "), e.getMessage());
        }
        var e = assertThrows(MalformedProcFileException.class,
                () -> ProcStat.parse("s", stat("x", "S").replace(" 260 ", " 2z0 ")));
        assertTrue(e.getMessage().contains("field 26 (startcode)"), e.getMessage());
    }

    @Test
    void selfHasItsPidAndMmLayout() throws IOException {
        ProcStat stat = ProcStat.read(SELF);
        assertEquals(SELF, stat.pid());
        assertEquals(ProcessHandle.current().parent().orElseThrow().pid(), stat.ppid());
        assertTrue(stat.startCode() != 0 && stat.startCode() < stat.endCode());
        assertTrue(stat.argStart() < stat.argEnd() && stat.envStart() < stat.envEnd());
        assertTrue(stat.startBrk() != 0);
        assertEquals(17, stat.exitSignal());
        assertEquals(SELF, ProcStat.readTask(SELF, SELF).pid());
    }

    @Test
    void targetCommWithParenthesesAndSpaces() throws IOException {
        try (TargetProcess target = TargetProcess.start()) {
            ProcStat stat = ProcStat.read(target.pid);
            assertEquals(TargetProcess.COMM, stat.comm());
            assertEquals(SELF, stat.ppid());
            assertEquals(2, stat.numThreads());
            assertEquals(TargetProcess.COMM, ProcStat.readTask(target.pid, target.pid).comm());
        }
    }
}
