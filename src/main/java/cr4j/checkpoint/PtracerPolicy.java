package cr4j.checkpoint;

/** What cr_checkpoint does with target processes that are ptracing others. */
public enum PtracerPolicy {
    /** Fail with CR_EPTRACER. */
    ERROR,
    /** Leave them (and, for a tree, their descendants) out; ESRCH if nothing remains. */
    SKIP
}
