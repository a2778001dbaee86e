package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProcStatusTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    private static final String MINIMAL = """
            Name:\tweird\\\\name\\nx
            Umask:\t0027
            State:\tS (sleeping)
            Tgid:\t77
            Pid:\t77
            PPid:\t1
            TracerPid:\t0
            Uid:\t1000\t1001\t1002\t4294967295
            Gid:\t5\t6\t7\t8
            Threads:\t3
            SigPnd:\t0000000000000000
            ShdPnd:\t0000000000000100
            SigBlk:\t0000000000010000
            SigIgn:\t0000000000001000
            SigCgt:\t0000000180004002
            CapInh:\t0000000000000000
            CapPrm:\t000001fffeffffff
            CapEff:\t000001fffeffffff
            CapBnd:\t000001fffeffffff
            """;

    @Test
    void missingOptionalKeysGiveAbsentValues() throws IOException {
        ProcStatus status = ProcStatus.parse("status", MINIMAL);
        assertEquals("weird\\name\nx", status.name());
        assertEquals(027, status.umask());
        assertEquals('S', status.state());
        assertEquals(77, status.pid());
        assertEquals(new ProcStatus.Ids(1000, 1001, 1002, -1), status.uid());
        assertEquals(List.of(), status.groups());
        assertEquals(0x100, status.shdPnd());
        assertEquals(0x180004002L, status.sigCgt());
        assertEquals(0x1fffeffffffL, status.capEff());
        assertEquals(0, status.capAmb());
        assertFalse(status.noNewPrivs());
        assertEquals(OptionalInt.empty(), status.seccomp());
    }

    @Test
    void optionalKeysAreReadWhenPresent() throws IOException {
        ProcStatus status = ProcStatus.parse("status", MINIMAL
                + "Groups:\t4 24 27 \nCapAmb:\t0000000000000400\nNoNewPrivs:\t1\nSeccomp:\t2\n");
        assertEquals(List.of(4, 24, 27), status.groups());
        assertEquals(0x400, status.capAmb());
        assertTrue(status.noNewPrivs());
        assertEquals(OptionalInt.of(2), status.seccomp());
    }

    @Test
    void missingRequiredKeyIsAnError() {
        var e = assertThrows(MalformedProcFileException.class,
                () -> ProcStatus.parse("/proc/77/status", MINIMAL.replace("Tgid:\t77\n", "")));
        assertEquals("/proc/77/status: required key Tgid is missing", e.getMessage());
    }

    @Test
    void aZombieHasNoUmask() throws IOException {
        assertEquals(-1, ProcStatus.parse("/proc/77/status", MINIMAL.replace("Umask:\t0027\n", "")).umask());
    }

    @Test
    void malformedValuesNameTheLine() {
        for (String[] change : new String[][] {{"0027", "0089"}, {"1002\t4294967295", "1002"},
                {"4294967295", "4294967296"}, {"0000000180004002", "xyz"}, {"Pid:\t77", "Pid:\t-"},
                {"S (sleeping)", ""}, {"Tgid:\t77", "Pid:\t77"}, {"Threads:\t3", "Threads 3"}}) {
            String text = MINIMAL.replace(change[0], change[1]);
            var e = assertThrows(MalformedProcFileException.class, () -> ProcStatus.parse("/proc/77/status", text),
                    change[1]);
            assertTrue(e.lineNumber() > 0, e.getMessage());
            assertTrue(e.getMessage().startsWith("/proc/77/status line "), e.getMessage());
        }
    }

    @Test
    void selfAsRoot() throws IOException {
        ProcStatus status = ProcStatus.read(SELF);
        assertEquals(SELF, status.pid());
        assertEquals(SELF, status.tgid());
        assertEquals(new ProcStatus.Ids(0, 0, 0, 0), status.uid());
        assertTrue(status.threads() > 1);
        assertTrue(status.seccomp().isPresent());
        assertTrue(status.capBnd() != 0);
    }

    @Test
    void targetUmaskNameAndThreads() throws IOException {
        try (TargetProcess target = TargetProcess.start()) {
            ProcStatus status = ProcStatus.read(target.pid);
            assertEquals(027, status.umask());
            assertEquals(TargetProcess.COMM, status.name());
            assertEquals(2, status.threads());
            assertEquals(SELF, status.ppid());
            assertEquals(0, status.tracerPid());
        }
    }
}
