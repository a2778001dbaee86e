package cr4j.restart;

import cr4j.image.proto.Mapping;
import cr4j.proc.Vma;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Free address ranges of a process being rebuilt: free both in its current address space and in
 * the one it will get, so what is placed there (the trampoline, the vdso on its way) collides
 * with neither.
 */
final class AddressHoles {
    private static final long FIRST = 0x100000000000L;
    private static final long STEP = 0x10000000000L;
    private static final long LIMIT = 0x7f0000000000L;

    private final List<long[]> taken = new ArrayList<>();

    AddressHoles(List<Mapping> recorded, List<Vma> current) {
        recorded.forEach(m -> taken.add(new long[] {m.getStart(), m.getEnd()}));
        current.forEach(v -> taken.add(new long[] {v.start(), v.end()}));
    }

    /** Reserves and returns a free range of SIZE bytes. */
    long take(long size) throws IOException {
        for (long start = FIRST; start < LIMIT; start += STEP) {
            if (isFree(start, start + size)) {
                taken.add(new long[] {start, start + size});
                return start;
            }
        }
        throw new IOException("no free address range of " + size + " bytes for the restore");
    }

    private boolean isFree(long start, long end) {
        return taken.stream().noneMatch(r -> start < r[1] && r[0] < end);
    }
}
