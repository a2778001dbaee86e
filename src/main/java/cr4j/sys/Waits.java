package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/** wait4(2) on children and tracees. */
public final class Waits {
    static final int WALL = 0x40000000;

    private Waits() {}

    /** Blocks until TID changes state; retries when a signal interrupts the wait. */
    static WaitStatus waitFor(int tid, int options) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            while (true) {
                try {
                    long who = Syscall.call("wait4(" + tid + ")", Syscall.WAIT4, tid, status.address(), options, 0);
                    return new WaitStatus((int) who, status.get(JAVA_INT, 0));
                } catch (SyscallException e) {
                    if (e.errno() != Errno.EINTR) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Waits for a child that is not traced (any thread of this process may). */
    public static WaitStatus waitForChild(int pid) throws SyscallException {
        return waitFor(pid, 0);
    }
}
