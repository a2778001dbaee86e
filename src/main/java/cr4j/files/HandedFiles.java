package cr4j.files;

import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;

/**
 * Descriptors of cr_restart handed into a restored process (DESIGN.md section 2, restart step
 * 4): the process opens a pidfd of cr_restart once, parked above every number it will use, then
 * copies each descriptor with pidfd_getfd, which the caller moves to its number.
 */
final class HandedFiles implements AutoCloseable {
    private static final int O_CLOEXEC = 0x80000;
    private final RemoteSyscall remote;
    private final int parking;
    private long pidfd = -1;

    /** PARKING: a descriptor number above every number the process will be given. */
    HandedFiles(RemoteSyscall remote, int parking) {
        this.remote = remote;
        this.parking = parking;
    }

    /** Copies cr_restart's descriptor LOCAL into the process; returns its number there. */
    long take(int local) throws IOException {
        if (pidfd < 0) {
            long opened = remote.call("pidfd_open(cr_restart)", Syscall.PIDFD_OPEN, ProcessHandle.current().pid(), 0);
            pidfd = remote.call("dup3 pidfd", Syscall.DUP3, opened, parking, O_CLOEXEC);
            remote.callRaw(Syscall.CLOSE, opened);
        }
        return remote.call("pidfd_getfd", Syscall.PIDFD_GETFD, pidfd, local, 0);
    }

    @Override
    public void close() throws IOException {
        if (pidfd >= 0) {
            remote.callRaw(Syscall.CLOSE, pidfd);
        }
    }
}
