package cr4j.cli;

/** Whether cr_restart leaves itself out of a later checkpoint that includes it. */
public enum OmitPolicy {
    /** Omit itself when it is the checkpoint's target pid or an orphan; include itself otherwise. */
    MAYBE,
    ALWAYS,
    NEVER
}
