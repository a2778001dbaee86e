package cr4j.restart;

import cr4j.image.ContextImage;
import cr4j.image.ProcessImage;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;
import cr4j.sys.Ptrace;
import cr4j.sys.Signals;
import cr4j.sys.Tracer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Sequences a restart: check the preconditions, create the process with its PID, rebuild it,
 * then release it. The context file was verified when it was opened; page data is verified as
 * it is copied, and any failure kills what was built before it ever runs.
 */
public final class Restarter implements AutoCloseable {
    private static final int SIGSTOP = 19;
    private final Tracer tracer = new Tracer();
    private final Path stub;

    public Restarter(Path stub) {
        this.stub = stub;
    }

    /** Restores the process of IMAGE, sends SIGNAL (0: none) and returns its PID, running. */
    public int restart(ContextImage image, int signal) throws IOException {
        if (image.processes().size() != 1) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "the context holds " + image.processes().size()
                    + " processes: restoring several is not supported yet");
        }
        ProcessImage process = image.processes().getFirst();
        Preconditions.check(process.process());
        return tracer.call(() -> {
            int pid;
            long trampoline;
            try (RestoreStub s = RestoreStub.start(stub)) {
                pid = s.cloneProcess(process.process().getPid());
                trampoline = s.trampoline();
            }
            ProcessRebuild.rebuild(pid, trampoline, process);
            release(process.process(), signal != 0 ? signal : process.process().getStopped() ? SIGSTOP : 0);
            return pid;
        });
    }

    /** Lets every thread run: the others first, the leader last (KERNEL-NOTES R6). */
    private static void release(cr4j.image.proto.Process p, int signal) throws IOException {
        if (signal != 0) {
            Signals.kill(p.getPid(), signal);
        }
        for (int i = p.getThreadsCount() - 1; i >= 0; i--) {
            Ptrace.detach(p.getThreads(i).getTid(), 0);
        }
    }

    @Override
    public void close() {
        tracer.close();
    }
}
