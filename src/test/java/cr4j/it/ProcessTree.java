package cr4j.it;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending a process that the test started together with what it started, by recorded PIDs only. */
final class ProcessTree {
    private ProcessTree() {
    }

    /** SIGKILL to the descendants (deepest first, as seen now) and then to the process; waits for the process. */
    static void kill(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants()
                .sorted(Comparator.comparingInt(ProcessTree::depthBelowInit).reversed()).toList();
        descendants.forEach(ProcessHandle::destroyForcibly);
        root.destroyForcibly();
        try {
            root.onExit().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception stillThere) {
            // Nothing more can be done than SIGKILL; the test reports what it saw.
        }
    }

    private static int depthBelowInit(ProcessHandle handle) {
        int depth = 0;
        for (var parent = handle.parent(); parent.isPresent(); parent = parent.get().parent()) {
            depth++;
        }
        return depth;
    }
}
