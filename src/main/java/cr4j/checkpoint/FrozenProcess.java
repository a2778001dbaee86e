package cr4j.checkpoint;

import cr4j.proc.ProcStat;
import cr4j.sys.Errno;
import cr4j.sys.Ptrace;
import cr4j.sys.Signals;
import cr4j.sys.SyscallException;
import cr4j.sys.WaitStatus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A process held in ptrace stops for the length of a checkpoint: seized (not attached, so no
 * SIGSTOP is involved and its job-control state is its own), then interrupted. Created and used
 * on the tracer thread only.
 */
final class FrozenProcess {
    private final int pid;
    private final boolean wasStopped;
    private final List<Integer> deferredSignals = new ArrayList<>();

    private FrozenProcess(int pid, boolean wasStopped) {
        this.pid = pid;
        this.wasStopped = wasStopped;
    }

    static FrozenProcess freeze(int pid) throws IOException {
        boolean stopped = ProcStat.read(pid).state() == 'T';
        Ptrace.seize(pid, 0);
        FrozenProcess frozen = new FrozenProcess(pid, stopped);
        Ptrace.interrupt(pid);
        frozen.awaitInterruptStop();
        return frozen;
    }

    /**
     * Waits for the stop PTRACE_INTERRUPT asked for. A signal that arrives first is delivered as
     * it would have been; the interrupt stays pending and traps right after it.
     */
    private void awaitInterruptStop() throws IOException {
        while (true) {
            WaitStatus status = Ptrace.waitFor(pid);
            if (status.gone()) {
                throw new SyscallException("process " + pid + " " + status + " while being frozen", Errno.ESRCH);
            }
            if (status.isEventStop()) {
                return;
            }
            Ptrace.cont(pid, status.stopSignal());
        }
    }

    int pid() {
        return pid;
    }

    boolean wasStopped() {
        return wasStopped;
    }

    void defer(List<Integer> signals) {
        deferredSignals.addAll(signals);
    }

    /**
     * Lets the process go. Signals held back during injected calls are queued again, and the
     * post-checkpoint SIGNAL (0 for none) is queued while the process is still stopped, so it
     * acts before the process runs another instruction; SIGKILL ends it at once.
     */
    void release(int signal) throws IOException {
        for (int deferred : deferredSignals) {
            Signals.tgkill(pid, pid, deferred);
        }
        if (signal != 0) {
            Signals.kill(pid, signal);
        }
        if (signal == Signals.SIGKILL) {
            awaitDeath();
            return;
        }
        Ptrace.detach(pid, 0);
    }

    /** A killed tracee reports its death to the tracer first; reaping that lets its parent see it. */
    private void awaitDeath() throws IOException {
        while (!Ptrace.waitFor(pid).gone()) {
            // Further stops of a dying tracee carry nothing to act on.
        }
    }
}
