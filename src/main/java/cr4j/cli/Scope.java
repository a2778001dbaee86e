package cr4j.cli;

/** Which processes a checkpoint ID names. */
public enum Scope {
    /** The process and its current descendants (orphans reparented to init are not included). */
    TREE,
    /** One process with all its threads. */
    PID,
    /** Every process in the process group. */
    PGID,
    /** Every process in the session. */
    SID
}
