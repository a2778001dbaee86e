package cr4j.task;

import cr4j.image.proto.Process;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Ptrace;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.SyscallException;

import java.io.IOException;

/**
 * Session and process group. By default restored processes stay in cr_restart's (BLCR: the
 * invoking shell keeps job control); on request (--restore-sid, --restore-pgid) each gets its own
 * back. Children inherit both from their parent when they are cloned, so a leader sets its own
 * right after its creation, before its children are made.
 */
public final class ProcessGroups {
    private static final int SETPGID = 109, SETSID = 112;

    private ProcessGroups() {}

    /** Makes process PID (a fresh clone at TRAMPOLINE) the session leader it was, if it was one. */
    public static void restoreSession(int pid, long trampoline, Process p) throws IOException {
        if (p.getSid() == p.getPid()) {
            inject(pid, trampoline, "setsid", SETSID, "session " + p.getSid());
        }
    }

    /** Puts process PID (a fresh clone at TRAMPOLINE) back in its process group. */
    public static void restoreGroup(int pid, long trampoline, Process p) throws IOException {
        if (p.getPgid() == p.getPid() && p.getSid() == p.getPid()) {
            return;  // setsid made it the leader of its group already
        }
        inject(pid, trampoline, "setpgid", SETPGID, "process group " + p.getPgid(), 0,
                p.getPgid() == p.getPid() ? 0 : p.getPgid());
    }

    private static void inject(int pid, long trampoline, String call, int nr, String what, long... args)
            throws IOException {
        try (ProcessMemory memory = new ProcessMemory(pid)) {
            new RemoteSyscall(pid, memory, Ptrace.registers(pid), trampoline).call(call, nr, args);
        } catch (SyscallException e) {
            throw new ErrnoException(Errno.EBUSY, "cannot restore " + what + " of process " + pid
                    + ": it is in use, or its leader is not restored (" + e.getMessage() + ")");
        }
    }
}
