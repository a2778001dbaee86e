package cr4j.proc;

/**
 * One open file descriptor: the target of /proc/PID/fd/N and the standard fields of
 * /proc/PID/fdinfo/N.
 *
 * @param target what the link reads, e.g. "/tmp/x", "/tmp/x (deleted)", "pipe:[123]", "socket:[5]",
 *     "anon_inode:[eventfd]"
 * @param flags the open flags in the kernel's octal encoding, O_CLOEXEC (02000000) included
 * @param ino the inode number, 0 on kernels whose fdinfo does not show it
 */
public record OpenFd(int fd, String target, long pos, int flags, int mntId, long ino) {
    public static final int O_ACCMODE = 03;
    public static final int O_APPEND = 02000;
    public static final int O_CLOEXEC = 02000000;
    private static final String DELETED = " (deleted)";

    public boolean isPipe() {
        return target.startsWith("pipe:[");
    }

    public boolean isSocket() {
        return target.startsWith("socket:[");
    }

    public boolean isAnonInode() {
        return target.startsWith("anon_inode:");
    }

    /** A file on a file system, as opposed to a pipe, socket or anonymous inode. */
    public boolean isPath() {
        return target.startsWith("/");
    }

    /** The file was unlinked while open; the kernel appended " (deleted)" to its path. */
    public boolean isDeleted() {
        return isPath() && target.endsWith(DELETED);
    }

    /** The path without the " (deleted)" mark. */
    public String path() {
        return isDeleted() ? target.substring(0, target.length() - DELETED.length()) : target;
    }

    public boolean cloexec() {
        return (flags & O_CLOEXEC) != 0;
    }

    public int accessMode() {
        return flags & O_ACCMODE;
    }
}
