package cr4j.proc;

/** Which pages of a mapping a checkpoint saves, decided from their pagemap entries alone. */
public enum PageFilter {
    /** Private anonymous memory and stacks: every page the process has touched. */
    PRESENT_OR_SWAPPED {
        @Override
        boolean keeps(long entry) {
            return (entry & (PageEntry.PRESENT | PageEntry.SWAPPED)) != 0;
        }
    },
    /**
     * Private file mappings: only pages written since mapping, which copy-on-write turned into
     * anonymous pages; the rest is still the file's. A swapped page here can only be such a copy.
     */
    ANONYMOUS_PRIVATE {
        @Override
        boolean keeps(long entry) {
            return (entry & PageEntry.SWAPPED) != 0
                    || (entry & (PageEntry.PRESENT | PageEntry.FILE_OR_SHARED_ANON)) == PageEntry.PRESENT;
        }
    };

    abstract boolean keeps(long entry);
}
