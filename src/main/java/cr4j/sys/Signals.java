package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Signals sent from this process, and dying by one. */
public final class Signals {
    public static final int SIGKILL = 9;
    private static final int RLIMIT_CORE = 4;
    private static final int SIG_SETMASK = 2;
    private static final int RT_SIGPROCMASK = 14;

    private Signals() {}

    public static void kill(int pid, int signal) throws SyscallException {
        Syscall.call("kill(" + pid + ", " + signal + ")", Syscall.KILL, pid, signal);
    }

    public static void tgkill(int tgid, int tid, int signal) throws SyscallException {
        Syscall.call("tgkill(" + tid + ", " + signal + ")", Syscall.TGKILL, tgid, tid, signal);
    }

    /**
     * Ends this JVM by SIGNAL, as the process whose fate it mirrors ended: no core dump, the
     * default action restored, the signal unblocked in this thread, then raised.
     */
    public static void dieBy(int signal) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment noCore = arena.allocateFrom(JAVA_LONG, 0L, 0L);
            Syscall.call("prlimit64(RLIMIT_CORE)", Syscall.PRLIMIT64, 0, RLIMIT_CORE, noCore.address(), 0);
            // struct kernel_sigaction with SIG_DFL handler, no flags, no restorer, empty mask.
            MemorySegment dfl = arena.allocate(32, 8);
            Syscall.call("rt_sigaction(" + signal + ")", Syscall.RT_SIGACTION, signal, dfl.address(), 0, 8);
            MemorySegment empty = arena.allocateFrom(JAVA_LONG, 0L);
            Syscall.call("rt_sigprocmask", RT_SIGPROCMASK, SIG_SETMASK, empty.address(), 0, 8);
            int self = (int) Syscall.call("getpid", Syscall.GETPID);
            int tid = (int) Syscall.call("gettid", Syscall.GETTID);
            tgkill(self, tid, signal);
        }
    }
}
