package cr4j.checkpoint;

import cr4j.proc.ProcStat;
import cr4j.proc.ThreadIds;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;
import cr4j.sys.Ptrace;
import cr4j.sys.Signals;
import cr4j.sys.SyscallException;
import cr4j.sys.WaitStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A process held in ptrace stops for the length of a checkpoint, every thread of it: seized (not
 * attached, so no SIGSTOP is involved and its job-control state stays its own), then interrupted.
 * Threads created while the freeze runs are caught by scanning again until no new one appears.
 * Created and used on the tracer thread only.
 */
final class FrozenProcess {
    private final int pid;
    private final boolean wasStopped;
    private final Set<Integer> tids = new LinkedHashSet<>();
    private final List<int[]> deferredSignals = new ArrayList<>();

    private FrozenProcess(int pid, boolean wasStopped) {
        this.pid = pid;
        this.wasStopped = wasStopped;
    }

    /** Freezes process PID; STOPPED_BEFORE says it was stopped before its callbacks ran. */
    static FrozenProcess freeze(int pid, boolean stoppedBefore) throws IOException {
        FrozenProcess frozen = new FrozenProcess(pid, stoppedBefore || ProcStat.read(pid).state() == 'T');
        try {
            frozen.freezeAllThreads();
        } catch (IOException | RuntimeException e) {
            frozen.detachAll();
            throw e;
        }
        return frozen;
    }

    private void freezeAllThreads() throws IOException {
        while (true) {
            List<Integer> fresh = ThreadIds.list(pid).stream().filter(t -> !tids.contains(t)).toList();
            if (fresh.isEmpty()) {
                return;
            }
            for (int tid : fresh) {
                seize(tid);
                tids.add(tid);
                Ptrace.interrupt(tid);
            }
            for (int tid : fresh) {
                awaitInterruptStop(tid);
            }
        }
    }

    private void seize(int tid) throws IOException {
        try {
            Ptrace.seize(tid, 0);
        } catch (SyscallException e) {
            if (e.errno() != Errno.EPERM) {
                throw e;
            }
            throw new ErrnoException(Errno.EPERM, "not permitted to checkpoint process " + pid
                    + ": it belongs to another user or is not dumpable (" + e.getMessage() + ")");
        }
    }

    /**
     * Waits for the stop PTRACE_INTERRUPT asked for. A signal that arrives first is delivered as
     * it would have been; the interrupt stays pending and traps right after it.
     */
    private void awaitInterruptStop(int tid) throws IOException {
        while (true) {
            WaitStatus status = Ptrace.waitFor(tid);
            if (status.gone()) {
                throw new SyscallException("thread " + tid + " of process " + pid + " " + status
                        + " while being frozen", Errno.ESRCH);
            }
            if (status.isEventStop()) {
                return;
            }
            Ptrace.cont(tid, status.stopSignal());
        }
    }

    int pid() {
        return pid;
    }

    /** The thread IDs, the leader first. */
    List<Integer> tids() {
        return List.copyOf(tids);
    }

    boolean wasStopped() {
        return wasStopped;
    }

    void defer(int tid, List<Integer> signals) {
        signals.forEach(s -> deferredSignals.add(new int[] {tid, s}));
    }

    /**
     * Lets the process go. Signals held back during injected calls are queued again, and the
     * post-checkpoint SIGNAL (0 for none) is queued while the process is still stopped, so it
     * acts before the process runs another instruction; SIGKILL ends it at once.
     */
    void release(int signal) throws IOException {
        for (int[] deferred : deferredSignals) {
            Signals.tgkill(pid, deferred[0], deferred[1]);
        }
        if (signal != 0) {
            Signals.kill(pid, signal);
        }
        if (signal == Signals.SIGKILL) {
            // A killed tracee reports its death to us first; reaping that lets its parent see it.
            Ptrace.awaitExit(tids());
            return;
        }
        detachAll();
    }

    private void detachAll() throws IOException {
        for (int tid : tids) {
            try {
                Ptrace.detach(tid, 0);
            } catch (SyscallException e) {
                // A thread that exited meanwhile needs no release.
            }
        }
    }
}
