package cr4j.proc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * /proc/PID/pagemap, read a window at a time: one positional read fetches the entries of up to
 * 1 GiB of address space (2 MiB of entries) into a reused direct buffer.
 */
public final class Pagemap implements AutoCloseable {
    /** x86-64 base pages; pagemap has one entry per base page even inside huge pages. */
    public static final int PAGE_SIZE = 4096;
    private static final int ENTRY_BYTES = Long.BYTES;
    private static final int WINDOW_PAGES = 1 << 18;

    private final String source;
    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocateDirect(WINDOW_PAGES * ENTRY_BYTES)
            .order(ByteOrder.nativeOrder());

    private Pagemap(Path file) throws IOException {
        this.source = file.toString();
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    public static Pagemap open(int pid) throws IOException {
        return new Pagemap(ProcFile.of(pid, "pagemap"));
    }

    /** The pages of [start, end) that {@code filter} keeps, adjacent ones merged into one range. */
    public static List<PageRange> runs(int pid, long start, long end, PageFilter filter) throws IOException {
        try (Pagemap pagemap = open(pid)) {
            return pagemap.runs(start, end, filter);
        }
    }

    public PageEntry entry(long address) throws IOException {
        return new PageEntry(load(address >>> 12, 1).get(0));
    }

    public List<PageRange> runs(long start, long end, PageFilter filter) throws IOException {
        checkRange(start, end);
        List<PageRange> runs = new ArrayList<>();
        long firstPage = start >>> 12;
        long endPage = end >>> 12;
        long runStart = -1;
        for (long windowPage = firstPage; windowPage < endPage; windowPage += WINDOW_PAGES) {
            int count = (int) Math.min(WINDOW_PAGES, endPage - windowPage);
            LongBuffer entries = load(windowPage, count);
            for (int i = 0; i < count; i++) {
                boolean keep = filter.keeps(entries.get(i));
                if (keep && runStart < 0) {
                    runStart = windowPage + i;
                } else if (!keep && runStart >= 0) {
                    runs.add(new PageRange(runStart << 12, windowPage + i - runStart));
                    runStart = -1;
                }
            }
        }
        if (runStart >= 0) {
            runs.add(new PageRange(runStart << 12, endPage - runStart));
        }
        return List.copyOf(runs);
    }

    private static void checkRange(long start, long end) {
        if (((start | end) & (PAGE_SIZE - 1)) != 0 || Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException(String.format(
                    "range %x-%x is not a page-aligned ascending range", start, end));
        }
    }

    /** The entries of {@code count} pages from {@code page}; short reads are retried, EOF is an error. */
    private LongBuffer load(long page, int count) throws IOException {
        window.clear().limit(count * ENTRY_BYTES);
        long position = page * ENTRY_BYTES;
        while (window.hasRemaining()) {
            int read = channel.read(window, position + window.position());
            if (read <= 0) {
                long address = (page + window.position() / ENTRY_BYTES) << 12;
                throw new MalformedProcFileException(source, 0, null,
                        String.format("no entry for address %x: the file ends before it", address));
            }
        }
        return window.flip().asLongBuffer();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
