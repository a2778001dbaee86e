package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Signals sent from this process, and dying by one. */
public final class Signals {
    public static final int SIGKILL = 9;
    private static final int RLIMIT_CORE = 4;
    private static final int SIG_SETMASK = 2;
    private static final int RT_SIGPROCMASK = 14, GETUID = 102, SI_QUEUE = -1;

    private Signals() {}

    public static void kill(int pid, int signal) throws SyscallException {
        Syscall.call("kill(" + pid + ", " + signal + ")", Syscall.KILL, pid, signal);
    }

    /** kill(2), where a process that has ended already (ESRCH) needs nothing more. */
    public static void killIfAlive(int pid, int signal) throws SyscallException {
        try {
            kill(pid, signal);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ESRCH) {
                throw e;
            }
        }
    }

    public static void tgkill(int tgid, int tid, int signal) throws SyscallException {
        Syscall.call("tgkill(" + tid + ", " + signal + ")", Syscall.TGKILL, tgid, tid, signal);
    }

    /**
     * Queues SIGNAL to thread TID of TGID with VALUE, as sigqueue(3) would (si_code SI_QUEUE):
     * the thread that waits for it learns who sent it and the value.
     */
    public static void queueToThread(int tgid, int tid, int signal, long value) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(128, 8);
            info.set(JAVA_INT, 0, signal);
            info.set(JAVA_INT, 8, SI_QUEUE);
            info.set(JAVA_INT, 16, (int) ProcessHandle.current().pid());
            info.set(JAVA_INT, 20, (int) Syscall.call("getuid", GETUID));
            info.set(JAVA_LONG, 24, value);
            Syscall.call("rt_tgsigqueueinfo(" + tid + ", " + signal + ")", Syscall.RT_TGSIGQUEUEINFO, tgid, tid, signal,
                    info.address());
        }
    }

    /**
     * Ends this JVM by SIGNAL, as the process whose fate it mirrors ended: no core dump, the
     * default action restored, the signal unblocked in this thread, then raised.
     */
    public static void dieBy(int signal) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment noCore = arena.allocateFrom(JAVA_LONG, 0L, 0L);
            Syscall.call("prlimit64(RLIMIT_CORE)", Syscall.PRLIMIT64, 0, RLIMIT_CORE, noCore.address(), 0);
            if (signal != SIGKILL) {
                // struct kernel_sigaction with SIG_DFL handler, no flags, no restorer, empty mask.
                // SIGKILL has no other action, and the kernel refuses to be told it.
                MemorySegment dfl = arena.allocate(32, 8);
                Syscall.call("rt_sigaction(" + signal + ")", Syscall.RT_SIGACTION, signal, dfl.address(), 0, 8);
            }
            MemorySegment empty = arena.allocateFrom(JAVA_LONG, 0L);
            Syscall.call("rt_sigprocmask", RT_SIGPROCMASK, SIG_SETMASK, empty.address(), 0, 8);
            int self = (int) Syscall.call("getpid", Syscall.GETPID);
            int tid = (int) Syscall.call("gettid", Syscall.GETTID);
            tgkill(self, tid, signal);
        }
    }
}
