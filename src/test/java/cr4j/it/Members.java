package cr4j.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The processes of a job that the test did not start itself (the root's children and their
 * descendants), known by the PIDs they print. On close each one still running the job's program
 * is killed by its PID, and the test waits until every one is reaped; registered before the
 * root, it closes after the root and any cr_restart are gone, so the members are orphans that
 * the test JVM adopted (see {@link Subreaper}).
 */
final class Members implements AutoCloseable {
    private static final Duration GONE = Duration.ofSeconds(10);

    private final Path program;
    private final List<Long> pids = new ArrayList<>();

    Members(Path program) {
        this.program = program;
    }

    void add(long pid) {
        pids.add(pid);
    }

    List<Long> pids() {
        return List.copyOf(pids);
    }

    /** Waits until each member has died and been reaped, so its PID is free for a restart. */
    void awaitAllGone() {
        for (long pid : pids) {
            Eventually.until(() -> Subreaper.reapIfGone(pid), GONE,
                    () -> "member " + pid + " is still there, state " + ProcessTable.state(pid)
                            + ", parent " + ProcessTable.parent(pid));
        }
    }

    @Override
    public void close() {
        for (long pid : pids) {
            // A PID that no longer runs the program may belong to someone else by now.
            if (ProcessTable.runs(pid, program) && ProcessTable.state(pid) != 'Z') {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        awaitAllGone();
    }
}
