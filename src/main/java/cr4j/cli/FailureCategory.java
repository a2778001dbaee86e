package cr4j.cli;

import cr4j.sys.Errno;

/** The kinds of cr_restart failure, each with its own {@code --run-on-fail-*} hook. */
public enum FailureCategory {
    /** Bad arguments, including a missing or unreadable context file. */
    ARGS,
    /** Likely to succeed later: memory short, a PID still in use. */
    TEMP,
    /** Something about the surroundings: missing files, permissions, name conflicts. */
    ENV,
    /** Everything else: a corrupt or incompatible context, an unsupported object. */
    PERM;

    /** The category of a restart that failed with {@code errno}. */
    public static FailureCategory of(int errno) {
        return switch (errno) {
            case Errno.ENOMEM, Errno.EBUSY -> TEMP;
            case Errno.EACCES, Errno.EPERM, Errno.ENOENT, Errno.EEXIST, Errno.EISDIR, Errno.ENOTDIR -> ENV;
            default -> PERM;
        };
    }
}
