package cr4j.cli;

/** What cr_checkpoint does with target processes that are being ptraced. */
public enum PtracedPolicy {
    /** Fail with CR_EPTRACED. */
    ERROR,
    /** Leave them (and, for a tree, their descendants) out; ESRCH if nothing remains. */
    SKIP,
    /** Checkpoint them anyway. */
    ALLOW
}
