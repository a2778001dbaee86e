package cr4j.checkpoint;

/** What cr_checkpoint does with target processes that are being ptraced. */
public enum PtracedPolicy {
    /** Fail with CR_EPTRACED. */
    ERROR,
    /** Leave them (and, for a tree, their descendants) out; ESRCH if nothing remains. */
    SKIP,
    /**
     * Checkpoint them anyway. A process has one tracer at most and cr4j must be it, so a traced
     * process still cannot be saved: the error says to detach the other tracer first.
     */
    ALLOW
}
