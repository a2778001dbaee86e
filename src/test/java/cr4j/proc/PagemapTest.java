package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagemapTest {
    private static final int SELF = (int) ProcessHandle.current().pid();
    private static final long PAGE = Pagemap.PAGE_SIZE;

    @Test
    void touchedAnonymousPagesMergeIntoRuns() throws IOException {
        try (TargetProcess target = TargetProcess.start(); Pagemap pagemap = Pagemap.open(target.pid)) {
            long anon = TargetProcess.ANON_ADDR;
            assertEquals(List.of(new PageRange(anon, 3), new PageRange(anon + 5 * PAGE, 1)),
                    pagemap.runs(anon, anon + 16 * PAGE, PageFilter.PRESENT_OR_SWAPPED));
            PageEntry beforeFork = pagemap.entry(anon);
            assertTrue(beforeFork.present());
            assertFalse(beforeFork.fileOrSharedAnon());
            assertFalse(beforeFork.exclusive(), "the child maps it too");
            assertTrue(beforeFork.pfn() != 0, "root reads page frame numbers");
            PageEntry afterFork = pagemap.entry(anon + 5 * PAGE);
            assertTrue(afterFork.present() && afterFork.exclusive());
            assertFalse(pagemap.entry(anon + 3 * PAGE).present());
        }
    }

    @Test
    void privateFileMappingKeepsOnlyCopiedPages() throws IOException {
        try (TargetProcess target = TargetProcess.start()) {
            long file = TargetProcess.FILE_ADDR;
            long end = file + 4 * PAGE;
            assertEquals(List.of(new PageRange(file + 2 * PAGE, 1)),
                    Pagemap.runs(target.pid, file, end, PageFilter.ANONYMOUS_PRIVATE));
            assertEquals(List.of(new PageRange(file, 4)),
                    Pagemap.runs(target.pid, file, end, PageFilter.PRESENT_OR_SWAPPED));
            try (Pagemap pagemap = Pagemap.open(target.pid)) {
                assertTrue(pagemap.entry(file).fileOrSharedAnon());
                assertFalse(pagemap.entry(file + 2 * PAGE).fileOrSharedAnon());
            }
        }
    }

    @Test
    void oneGibibyteOfSelfIsOneRunAcrossReadWindows() throws IOException {
        long size = (1L << 30) + 64 * PAGE;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment memory = arena.allocate(size, PAGE);
            memory.fill((byte) 1);
            long start = memory.address();
            long end = start + size;
            List<PageRange> runs = null;
            long[] micros = new long[5];
            for (int i = 0; i < micros.length; i++) {
                long began = System.nanoTime();
                runs = Pagemap.runs(SELF, start, end, PageFilter.PRESENT_OR_SWAPPED);
                micros[i] = (System.nanoTime() - began) / 1000;
            }
            System.out.printf("pagemap runs over %d MiB, %d calls: %s us%n", size >> 20, micros.length,
                    Arrays.toString(micros));
            assertEquals(List.of(new PageRange(start, size / PAGE)), runs);
            assertTrue(Pagemap.runs(SELF, start, end, PageFilter.ANONYMOUS_PRIVATE).equals(runs));
        }
    }

    @Test
    void unalignedRangeIsRejected() throws IOException {
        try (Pagemap pagemap = Pagemap.open(SELF)) {
            assertThrows(IllegalArgumentException.class, () -> pagemap.runs(0x1001, 0x3000, PageFilter.PRESENT_OR_SWAPPED));
            assertThrows(IllegalArgumentException.class, () -> pagemap.runs(0x3000, 0x1000, PageFilter.PRESENT_OR_SWAPPED));
        }
    }

    @Test
    void filtersDecideFromTheFlagBits() {
        long present = PageEntry.PRESENT;
        long swapped = PageEntry.SWAPPED;
        long file = PageEntry.FILE_OR_SHARED_ANON;
        assertTrue(PageFilter.PRESENT_OR_SWAPPED.keeps(present | file));
        assertTrue(PageFilter.PRESENT_OR_SWAPPED.keeps(swapped));
        assertFalse(PageFilter.PRESENT_OR_SWAPPED.keeps(file));
        assertTrue(PageFilter.ANONYMOUS_PRIVATE.keeps(present));
        assertTrue(PageFilter.ANONYMOUS_PRIVATE.keeps(swapped));
        assertFalse(PageFilter.ANONYMOUS_PRIVATE.keeps(present | file));
        assertFalse(PageFilter.ANONYMOUS_PRIVATE.keeps(0));
    }
}
