package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MapsTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    @Test
    void pathWithSpacesAndDeletedMarkIsSplitIntoNameAndFlag() throws IOException {
        Vma vma = Maps.parse("maps", "7f0000000000-7f0000002000 rw-s 00001000 fe:01 1234"
                + "                       /tmp/a dir/my file (deleted)\n").getFirst();
        assertEquals(0x7f0000000000L, vma.start());
        assertEquals(0x2000, vma.length());
        assertEquals(Vma.PROT_READ | Vma.PROT_WRITE, vma.prot());
        assertTrue(vma.shared());
        assertEquals(0x1000, vma.offset());
        assertEquals(0xfe, vma.deviceMajor());
        assertEquals(1, vma.deviceMinor());
        assertEquals(1234, vma.inode());
        assertEquals("/tmp/a dir/my file", vma.name());
        assertTrue(vma.deleted());
        assertEquals(Vma.Kind.FILE, vma.kind());
    }

    @Test
    void kernelNamesGiveTheirKinds() throws IOException {
        List<Vma> vmas = Maps.parse("maps", """
                1000-2000 rw-p 00000000 00:00 0
                2000-3000 rw-p 00000000 00:00 0                          [anon:java heap]
                3000-4000 rw-p 00000000 00:00 0                          [heap]
                7ffc0000-7ffc1000 r--p 00000000 00:00 0                  [vvar]
                7ffc1000-7ffc2000 r--p 00000000 00:00 0                  [vvar_vclock]
                7ffc2000-7ffc3000 r-xp 00000000 00:00 0                  [vdso]
                ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0  [vsyscall]
                """);
        assertEquals(List.of(Vma.Kind.ANONYMOUS, Vma.Kind.ANONYMOUS, Vma.Kind.HEAP, Vma.Kind.VVAR,
                Vma.Kind.VVAR_VCLOCK, Vma.Kind.VDSO, Vma.Kind.VSYSCALL), vmas.stream().map(Vma::kind).toList());
        assertEquals("", vmas.getFirst().name());
        assertEquals(0xffffffffff600000L, vmas.getLast().start());
        assertEquals(Vma.PROT_EXEC, vmas.getLast().prot());
    }

    @Test
    void malformedLinesNameTheFileAndTheLine() {
        String good = "1000-2000 rw-p 00000000 00:00 0\n";
        for (String bad : List.of("1000 rw-p 00000000 00:00 0", "1000-2000 rw-q 00000000 00:00 0",
                "1000-2000 rwxps 00000000 00:00 0", "2000-1000 rw-p 00000000 00:00 0",
                "1000-2000 rw-p 0000zz00 00:00 0", "1000-2000 rw-p 00000000 0000 0",
                "1000-2000 rw-p 00000000 00:00 -5", "1000-2000 rw-p 00000000 00:00",
                "1000-12345678901234567 rw-p 00000000 00:00 0")) {
            var e = assertThrows(MalformedProcFileException.class, () -> Maps.parse("/proc/9/maps", good + bad));
            assertTrue(e.getMessage().startsWith("/proc/9/maps line 2: "), e.getMessage());
            assertEquals(2, e.lineNumber());
        }
    }

    @Test
    void selfHasStackVdsoAndNoOverlap() throws IOException {
        List<Vma> vmas = Maps.read(SELF);
        assertTrue(vmas.stream().anyMatch(v -> v.kind() == Vma.Kind.STACK));
        assertTrue(vmas.stream().anyMatch(v -> v.kind() == Vma.Kind.VDSO && v.executable()));
        for (int i = 1; i < vmas.size(); i++) {
            assertTrue(Long.compareUnsigned(vmas.get(i - 1).end(), vmas.get(i).start()) <= 0);
        }
    }

    @Test
    void targetMappingsReadAsCreated() throws IOException {
        try (TargetProcess target = TargetProcess.start()) {
            List<Vma> vmas = Maps.read(target.pid);
            Vma anon = at(vmas, TargetProcess.ANON_ADDR);
            assertEquals(16 * 4096, anon.length());
            assertEquals(Vma.Kind.ANONYMOUS, anon.kind());
            assertEquals(Vma.PROT_READ | Vma.PROT_WRITE, anon.prot());
            assertFalse(anon.shared());

            Vma file = at(vmas, TargetProcess.FILE_ADDR);
            assertEquals(target.dir.resolve("mapped data file").toString(), file.name());
            assertFalse(file.deleted());
            assertFalse(file.shared());
            assertNotEquals(0, file.inode());

            Vma gone = at(vmas, TargetProcess.DELETED_ADDR);
            assertEquals(target.dir.resolve("gone").toString(), gone.name());
            assertTrue(gone.deleted());
            assertTrue(gone.shared());
            assertEquals(Vma.PROT_READ, gone.prot());
        }
    }

    static Vma at(List<Vma> vmas, long start) {
        return vmas.stream().filter(v -> v.start() == start).findFirst()
                .orElseThrow(() -> new AssertionError("no mapping at " + Long.toHexString(start)));
    }
}
