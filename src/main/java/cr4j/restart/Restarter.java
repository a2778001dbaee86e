package cr4j.restart;

import cr4j.files.FileDescriptions;
import cr4j.libcr.LibcrChannel;
import cr4j.files.Pipes;
import cr4j.image.ContextImage;
import cr4j.image.ProcessImage;
import cr4j.image.proto.Process;
import cr4j.memory.SharedMemory;
import cr4j.image.proto.Thread;
import cr4j.sys.FsIdentity;
import cr4j.sys.Ptrace;
import cr4j.sys.Signals;
import cr4j.sys.Tracer;
import cr4j.task.ProcessGroups;
import cr4j.task.Zombie;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Sequences a restart: check the preconditions, create every process with its PID (each child
 * cloned from its restored parent, so the tree is the same), rebuild each, then release them all.
 * The context file was verified when it was opened; page data is verified as it is copied, and
 * any failure kills everything made before any of it runs.
 */
public final class Restarter implements AutoCloseable {
    private static final int SIGSTOP = 19;
    private final Tracer tracer = new Tracer();
    private final Path stub;
    private final Identity identity;
    private final List<String> warnings = new ArrayList<>();

    /**
     * Which identities of the restored processes are given back: their PIDs (and TIDs), and
     * besides them their process groups and sessions; or none (NEW_PIDS, --no-restore-pid).
     */
    public enum Identity { PID, PID_AND_GROUP, PID_AND_SESSION, PID_GROUP_AND_SESSION, NEW_PIDS }

    public Restarter(Path stub, Identity identity) {
        this.stub = stub;
        this.identity = identity;
    }

    /**
     * Restores the processes of IMAGE (a file OWNER owns), their paths moved by RELOCATE, sends
     * SIGNAL (0: none) to each, and returns the PID of the first (the root of a tree), running.
     */
    public int restart(ContextImage image, ContextOwner owner, int signal, UnaryOperator<String> relocate)
            throws IOException {
        List<ProcessImage> processes = image.processes().stream().map(p -> RelocatedPaths.apply(p, relocate)).toList();
        TaskIds ids = identity == Identity.NEW_PIDS ? TaskIds.fresh() : TaskIds.original();
        for (ProcessImage p : processes) {
            owner.check(image.name(), p.process());
            Preconditions.check(p.process(), ids.keepsOriginals());
        }
        List<Process> records = processes.stream().map(ProcessImage::process).toList();
        try (Pipes pipes = asOwner(owner, records, () -> Pipes.create(image.checkpoint().getPipesList()));
             FileDescriptions files = asOwner(owner, records, () -> FileDescriptions.open(records));
             LibcrChannel channels = new LibcrChannel(image.name())) {
            return tracer.call(() -> {
                Map<Integer, List<Integer>> made = new LinkedHashMap<>();
                SharedMemory shared = new SharedMemory();
                try {
                    long trampoline = create(processes, made, ids);
                    ProcessRebuild.Shared sharedState = new ProcessRebuild.Shared(files, pipes, channels, shared, ids,
                            warnings);
                    for (ProcessImage p : processes) {
                        int pid = ids.of(p.process().getPid());
                        if (p.process().getZombie()) {
                            Zombie.restore(pid, trampoline, p.process());
                            made.remove(pid);
                        } else {
                            ProcessRebuild.rebuild(pid, trampoline, p, sharedState);
                            made.put(pid, tids(p.process(), ids));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    made.values().forEach(Ptrace::killAndReap);
                    throw e;
                }
                for (ProcessImage p : processes) {
                    if (!p.process().getZombie()) {
                        release(p.process(), ids, signal != 0 ? signal : p.process().getStopped() ? SIGSTOP : 0);
                    }
                }
                return ids.of(processes.getFirst().process().getPid());
            });
        }
    }

    /**
     * Creates every process, stopped and traced: a process whose parent is restored too is cloned
     * from it, the others from the stub as children of cr_restart. Returns the trampoline address
     * all of them share until they are rebuilt.
     */
    private long create(List<ProcessImage> processes, Map<Integer, List<Integer>> made, TaskIds ids)
            throws IOException {
        Set<Integer> restored = new HashSet<>();
        processes.forEach(p -> restored.add(p.process().getPid()));
        try (RestoreStub s = RestoreStub.start(stub)) {
            for (ProcessImage image : processes) {
                Process p = image.process();
                int pid = restored.contains(p.getPpid())
                        ? RestoreStub.cloneChild(ids.of(p.getPpid()), s.trampoline(), ids.request(p.getPid()), p.getExitSignal())
                        : s.cloneProcess(ids.request(p.getPid()));
                ids.assign(p.getPid(), pid);
                made.put(pid, List.of(pid));
                restoreGroups(s.trampoline(), p);
            }
            return s.trampoline();
        }
    }

    /**
     * Files of a context an ordinary user owns are opened with that user's file access, so the
     * context cannot name a file its owner could not open.
     */
    private static <T> T asOwner(ContextOwner owner, List<Process> records, Tracer.Task<T> open) throws IOException {
        if (owner.isRoot()) {
            return open.run();
        }
        return FsIdentity.callAs((int) owner.uid(), (int) owner.gid(),
                records.getFirst().getCredentials().getGroupsList(), open);
    }

    private void restoreGroups(long trampoline, Process p) throws IOException {
        if (identity == Identity.PID_AND_SESSION || identity == Identity.PID_GROUP_AND_SESSION) {
            ProcessGroups.restoreSession(p.getPid(), trampoline, p);
        }
        if (identity == Identity.PID_AND_GROUP || identity == Identity.PID_GROUP_AND_SESSION) {
            ProcessGroups.restoreGroup(p.getPid(), trampoline, p);
        }
    }

    private static List<Integer> tids(Process p, TaskIds ids) {
        List<Integer> tids = new ArrayList<>();
        for (Thread t : p.getThreadsList()) {
            tids.add(ids.of(t.getTid()));
        }
        return tids;
    }

    /** Lets every thread run: the others first, the leader last (KERNEL-NOTES R6). */
    private static void release(Process p, TaskIds ids, int signal) throws IOException {
        if (signal != 0) {
            Signals.kill(ids.of(p.getPid()), signal);
        }
        for (int i = p.getThreadsCount() - 1; i >= 0; i--) {
            Ptrace.detach(ids.of(p.getThreads(i).getTid()), 0);
        }
    }

    /** What could not be restored exactly, for the user; the restart went on without it. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        tracer.close();
    }
}
