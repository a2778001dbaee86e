package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuxvTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    @Test
    void selfVectorPointsAtItsVdsoAndPageSize() throws IOException {
        List<AuxvEntry> entries = Auxv.decode("auxv", Auxv.read(SELF));
        assertEquals(4096, Auxv.value(entries, Auxv.AT_PAGESZ).orElseThrow());
        assertEquals(0, Auxv.value(entries, Auxv.AT_EUID).orElseThrow());
        long vdso = Auxv.value(entries, Auxv.AT_SYSINFO_EHDR).orElseThrow();
        assertTrue(Maps.read(SELF).stream().anyMatch(v -> v.start() == vdso && v.kind() == Vma.Kind.VDSO));
    }

    @Test
    void decodeStopsAtNull() throws IOException {
        byte[] raw = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(Auxv.AT_PAGESZ).putLong(4096).putLong(Auxv.AT_NULL).putLong(0).putLong(99).putLong(1)
                .array();
        assertEquals(List.of(new AuxvEntry(Auxv.AT_PAGESZ, 4096)), Auxv.decode("auxv", raw));
    }

    @Test
    void truncatedOrUnterminatedVectorIsRefused() {
        var odd = assertThrows(MalformedProcFileException.class, () -> Auxv.decode("/proc/1/auxv", new byte[15]));
        assertTrue(odd.getMessage().startsWith("/proc/1/auxv: 15 bytes"), odd.getMessage());
        byte[] unterminated = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(6).putLong(4096).array();
        assertThrows(MalformedProcFileException.class, () -> Auxv.decode("/proc/1/auxv", unterminated));
    }
}
