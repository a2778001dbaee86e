package cr4j.sys;

import java.lang.foreign.Arena;

/**
 * Files opened by this process with the exact open(2) flags a restored process had, to be handed
 * to it (java.nio cannot express O_APPEND with O_RDWR, O_DIRECT, O_NOATIME...), and kcmp(2) to
 * tell whether two descriptors of other processes share one open file description.
 */
public final class LocalFiles {
    private static final int O_CLOEXEC = 0x80000, SEEK_SET = 0, KCMP_FILE = 0, KCMP = 312;
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
                    PipeBuffer.close(fd);
                    throw e;
                }
            }
            return fd;
        }
    }

    /** Whether descriptor FD1 of PID1 and FD2 of PID2 are one open file description. */
    public static boolean sameDescription(int pid1, int fd1, int pid2, int fd2) throws SyscallException {
        return Syscall.call("kcmp(KCMP_FILE)", KCMP, pid1, pid2, KCMP_FILE, fd1, fd2) == 0;
    }
}
