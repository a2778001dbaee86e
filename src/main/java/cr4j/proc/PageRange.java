package cr4j.proc;

/** {@code pages} consecutive pages from the page-aligned address {@code start}. */
public record PageRange(long start, long pages) {
    public long end() {
        return start + pages * Pagemap.PAGE_SIZE;
    }

    public long bytes() {
        return pages * Pagemap.PAGE_SIZE;
    }
}
