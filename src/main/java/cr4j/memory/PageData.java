package cr4j.memory;

import cr4j.image.ContextWriter;
import cr4j.image.PageBlock;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.PageRun;
import cr4j.sys.ProcessMemory;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The saved pages of a process: read from the frozen process straight into the context file in
 * large copies (never page by page), and written back into the restored process straight from
 * the mapped context file, verified on the same pass.
 */
public final class PageData {
    /** Large enough that a copy costs far more than its system call. */
    private static final long CHUNK = 8L << 20;
    private static final long PAGE = 4096;

    private PageData() {}

    /** Writes one PAGES record per page run of MAPPINGS, in their order. */
    public static void capture(ProcessMemory memory, List<Mapping> mappings, ContextWriter writer)
            throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(CHUNK, PAGE);
            for (Mapping m : mappings) {
                for (PageRun run : m.getPagesList()) {
                    copyRun(memory, run, buffer, writer);
                }
            }
        }
    }

    private static void copyRun(ProcessMemory memory, PageRun run, MemorySegment buffer,
                                ContextWriter writer) throws IOException {
        long length = run.getPages() * PAGE;
        ContextWriter.PageRecord record = writer.beginPages(length);
        for (long done = 0; done < length; done += CHUNK) {
            MemorySegment chunk = buffer.asSlice(0, Math.min(CHUNK, length - done));
            memory.read(run.getStart() + done, chunk);
            record.write(chunk.asByteBuffer());
        }
        record.finish();
    }

    /** Copies every saved page into the process; a bad checksum stops the restart. */
    public static void restore(ProcessMemory memory, List<PageBlock> blocks) throws IOException {
        for (PageBlock block : blocks) {
            block.copyTo(memory::write);
        }
    }
}
