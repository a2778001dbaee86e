package cr4j.sys;

import java.lang.foreign.Arena;

/**
 * Files opened by this process with the exact open(2) flags a restored process had, to be handed
 * to it (java.nio cannot express O_APPEND with O_RDWR, O_DIRECT, O_NOATIME...), and kcmp(2) to
 * tell whether two descriptors of other processes share one open file description.
 */
public final class LocalFiles {
    private static final int O_CLOEXEC = 0x80000, O_NONBLOCK = 0x800, SEEK_SET = 0, KCMP_FILE = 0, KCMP = 312;
    private static final int MKNODAT = 259, S_IFIFO = 0010000, F_SETFL = 4;
    private static final long AT_FDCWD = -100;

    private LocalFiles() {}

    /** open(PATH, FLAGS | O_CLOEXEC) positioned at OFFSET (none for devices: pass -1). */
    public static int open(String path, int flags, long offset) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = (int) Syscall.call("open " + path, Syscall.OPENAT, AT_FDCWD, arena.allocateFrom(path).address(),
                    flags | O_CLOEXEC, 0);
            if (offset >= 0) {
                try {
                    Syscall.call("lseek " + path, Syscall.LSEEK, fd, offset, SEEK_SET);
                } catch (SyscallException e) {
                    close(fd);
                    throw e;
                }
            }
            return fd;
        }
    }

    /**
     * Opens the FIFO at PATH with FLAGS. The open must not wait for the other end, which may be
     * handed to another restored process only later: it is made non-blocking, then given FLAGS.
     * (A write-only open without a reader still fails: {@link PipeBuffer#holdFifo} keeps one.)
     */
    public static int openFifo(String path, int flags) throws SyscallException {
        int fd = open(path, flags | O_NONBLOCK, -1);
        setStatusFlags(fd, flags);
        return fd;
    }

    /** mkfifo(PATH, 0600) unless something is there already. */
    public static void makeFifo(String path) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            Syscall.call("mkfifo " + path, MKNODAT, AT_FDCWD, arena.allocateFrom(path).address(), S_IFIFO | 0600, 0);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EEXIST) {
                throw e;
            }
        }
    }

    /** Whether descriptor FD1 of PID1 and FD2 of PID2 are one open file description. */
    public static boolean sameDescription(int pid1, int fd1, int pid2, int fd2) throws SyscallException {
        return Syscall.call("kcmp(KCMP_FILE)", KCMP, pid1, pid2, KCMP_FILE, fd1, fd2) == 0;
    }

    /** Sets the file status flags (O_NONBLOCK...) of descriptor FD of this process. */
    public static void setStatusFlags(int fd, int flags) throws SyscallException {
        Syscall.call("fcntl(F_SETFL)", Syscall.FCNTL, fd, F_SETFL, flags);
    }

    public static void close(int fd) {
        try {
            Syscall.call("close", Syscall.CLOSE, fd);
        } catch (SyscallException e) {
            // Closing is best effort: the descriptor is gone either way.
        }
    }
}
