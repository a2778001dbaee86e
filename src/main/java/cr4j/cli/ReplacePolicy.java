package cr4j.cli;

/** How cr_checkpoint creates its context file when writing to a path (not to a descriptor). */
public enum ReplacePolicy {
    /** Write ".NAME.tmp" in the same directory and rename it over NAME once the checkpoint succeeded. */
    ATOMIC,
    /** As ATOMIC, but an existing NAME is first renamed to the backup name. */
    BACKUP,
    /** Write NAME in place; a failed checkpoint removes it, losing any older one. */
    CLOBBER,
    /** Create NAME exclusively; an existing NAME fails with EEXIST. */
    NOCLOBBER
}
