package cr4j.checkpoint;

import cr4j.image.proto.Scope;
import cr4j.proc.Children;
import cr4j.proc.ProcStatus;
import cr4j.proc.Tracees;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.OptionalInt;

/**
 * Which processes a checkpoint request names (BLCR-SPEC.md 1.2, "Scope"). For now one
 * process: a tree with children, a group or a session is refused with a line
 * saying so, never saved partly.
 */
final class CheckpointScope {
    private CheckpointScope() {}

    static int resolve(Checkpointer.Request request) throws IOException {
        Scope scope = request.scope();
        int id = request.id();
        if (scope == Scope.SCOPE_PGID || scope == Scope.SCOPE_SID) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "checkpointing a process "
                    + (scope == Scope.SCOPE_PGID ? "group" : "session") + " is not supported yet: use --pid");
        }
        ProcStatus status = statusOf(id);
        if (status.tgid() != id) {
            throw new ErrnoException(Errno.ESRCH, id + " is a thread, not a process");
        }
        checkTraced(id, status.tracerPid(), request.traced());
        checkTracer(id, request.tracer());
        if (scope == Scope.SCOPE_TREE && !Children.of(id).isEmpty()) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "process " + id + " has child processes: trees are"
                    + " not supported yet; use --pid to save it alone");
        }
        return id;
    }

    private static void checkTraced(int pid, int tracer, PtracedPolicy policy) throws IOException {
        if (tracer == 0) {
            return;
        }
        String traced = "process " + pid + " is being traced by process " + tracer;
        switch (policy) {
            case SKIP -> throw new ErrnoException(Errno.ESRCH, "no processes checkpointed: " + traced);
            case ALLOW -> throw new ErrnoException(Errno.CR_EPTRACED, traced
                    + ", and a process has one tracer at most: detach it first");
            case ERROR -> throw new ErrnoException(Errno.CR_EPTRACED, traced);
        }
    }

    /** A tracer's tracees are not in the checkpoint, and could not be re-attached to it. */
    private static void checkTracer(int pid, PtracerPolicy policy) throws IOException {
        OptionalInt tracee = Tracees.anyOf(pid);
        if (tracee.isEmpty()) {
            return;
        }
        String tracing = "process " + pid + " is tracing process " + tracee.getAsInt();
        throw switch (policy) {
            case SKIP -> new ErrnoException(Errno.ESRCH, "no processes checkpointed: " + tracing);
            case ERROR -> new ErrnoException(Errno.CR_EPTRACER, tracing);
        };
    }

    private static ProcStatus statusOf(int pid) throws IOException {
        try {
            return ProcStatus.read(pid);
        } catch (NoSuchFileException e) {
            throw new ErrnoException(Errno.ESRCH, "no processes checkpointed: no process " + pid);
        }
    }
}
