package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.OptionalInt;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** poll(2) for readability: a socket with a message or a connection, a pidfd whose process ended. */
public final class Poll {
    private static final int POLL = 7;
    private static final short POLLIN = 1;

    private Poll() {}

    /**
     * Waits up to TIMEOUT_MS (negative: without limit) until one of FDS is readable or hung up;
     * returns its index, or empty when the time ran out or a signal came first.
     */
    public static OptionalInt firstReadable(int[] fds, long timeoutMs) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(8L * fds.length, 4);
            for (int i = 0; i < fds.length; i++) {
                set.set(JAVA_INT, 8L * i, fds[i]);
                set.set(JAVA_SHORT, 8L * i + 4, POLLIN);
            }
            try {
                Syscall.call("poll", POLL, set.address(), fds.length, timeoutMs);
            } catch (SyscallException e) {
                if (e.errno() != Errno.EINTR) {
                    throw e;
                }
            }
            for (int i = 0; i < fds.length; i++) {
                if (set.get(JAVA_SHORT, 8L * i + 6) != 0) {
                    return OptionalInt.of(i);
                }
            }
            return OptionalInt.empty();
        }
    }

    /** A descriptor that becomes readable when process PID ends (pidfd_open(2)). */
    public static int processEnd(int pid) throws SyscallException {
        return (int) Syscall.call("pidfd_open(" + pid + ")", Syscall.PIDFD_OPEN, pid, 0);
    }
}
