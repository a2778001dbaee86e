package cr4j.proc;

/** One 64-bit entry of /proc/PID/pagemap (Documentation/admin-guide/mm/pagemap.rst). */
public record PageEntry(long bits) {
    static final long PRESENT = 1L << 63;
    static final long SWAPPED = 1L << 62;
    static final long FILE_OR_SHARED_ANON = 1L << 61;
    static final long EXCLUSIVE = 1L << 56;
    private static final long PFN_MASK = (1L << 55) - 1;

    public boolean present() {
        return (bits & PRESENT) != 0;
    }

    public boolean swapped() {
        return (bits & SWAPPED) != 0;
    }

    /** The page is page cache or shared anonymous memory, not a private anonymous page. */
    public boolean fileOrSharedAnon() {
        return (bits & FILE_OR_SHARED_ANON) != 0;
    }

    /** Only this process maps the page. */
    public boolean exclusive() {
        return (bits & EXCLUSIVE) != 0;
    }

    /** The page frame number of a present page; 0 when the reader lacks CAP_SYS_ADMIN. */
    public long pfn() {
        return present() ? bits & PFN_MASK : 0;
    }
}
