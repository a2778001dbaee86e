package cr4j.checkpoint;

import cr4j.image.proto.Scope;
import cr4j.proc.Children;
import cr4j.proc.ProcStatus;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * Which processes a checkpoint request names (BLCR-SPEC.md 1.2, "Scope"). For now one
 * process: a tree with children, a group or a session is refused with a line
 * saying so, never saved partly.
 */
final class CheckpointScope {
    private CheckpointScope() {}

    static int resolve(Scope scope, int id) throws IOException {
        if (scope == Scope.SCOPE_PGID || scope == Scope.SCOPE_SID) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "checkpointing a process "
                    + (scope == Scope.SCOPE_PGID ? "group" : "session") + " is not supported yet: use --pid");
        }
        ProcStatus status = statusOf(id);
        if (status.tgid() != id) {
            throw new ErrnoException(Errno.ESRCH, id + " is a thread, not a process");
        }
        if (status.tracerPid() != 0) {
            throw new ErrnoException(Errno.CR_EPTRACED, "process " + id + " is being traced by process "
                    + status.tracerPid());
        }
        if (scope == Scope.SCOPE_TREE && !Children.of(id).isEmpty()) {
            throw new ErrnoException(Errno.EOPNOTSUPP, "process " + id + " has child processes: trees are"
                    + " not supported yet; use --pid to save it alone");
        }
        return id;
    }

    private static ProcStatus statusOf(int pid) throws IOException {
        try {
            return ProcStatus.read(pid);
        } catch (NoSuchFileException e) {
            throw new ErrnoException(Errno.ESRCH, "no processes checkpointed: no process " + pid);
        }
    }
}
