package cr4j.it;

import cr4j.sys.Syscall;
import cr4j.sys.SyscallException;

/**
 * Makes the test JVM the child subreaper (PR_SET_CHILD_SUBREAPER) of the processes it starts.
 * When the root of a job dies first, its children are re-parented to the nearest subreaper
 * instead of PID 1, which in a container may never reap them; their zombies would keep the PIDs
 * a restart needs. The JVM reaps only the PIDs a test names: the JDK's own reaper waits for the
 * processes it started by their PIDs, and a wait for any child would steal their status.
 */
final class Subreaper {
    private static final int PR_SET_CHILD_SUBREAPER = 36;
    private static final int WNOHANG = 1;

    private Subreaper() {
    }

    static void adoptOrphans() {
        prctl(1);
    }

    static void leaveOrphans() {
        prctl(0);
    }

    /** True when the process is gone: reaped now by this JVM, or no longer in /proc. */
    static boolean reapIfGone(long pid) {
        try {
            if (Syscall.call("wait4(" + pid + ", WNOHANG)", Syscall.WAIT4, pid, 0, WNOHANG, 0) == pid) {
                return true;
            }
        } catch (SyscallException notOurChild) {
            // ECHILD: its parent is still alive and will be the one to reap it, or it is gone.
        }
        return !ProcessTable.exists(pid);
    }

    private static void prctl(long value) {
        try {
            Syscall.call("prctl(PR_SET_CHILD_SUBREAPER, " + value + ")", Syscall.PRCTL, PR_SET_CHILD_SUBREAPER, value);
        } catch (SyscallException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
