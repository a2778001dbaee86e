package cr4j.checkpoint;

import cr4j.files.FileDescriptions;
import cr4j.files.Pipes;
import cr4j.image.ContextHeader;
import cr4j.image.ContextTarget;
import cr4j.image.ContextWriter;
import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.Pipe;
import cr4j.image.proto.Process;
import cr4j.image.proto.Scope;
import cr4j.libcr.CallbackFailure;
import cr4j.libcr.CallbackRound;
import cr4j.memory.PageData;
import cr4j.memory.SavedFiles;
import cr4j.memory.SharedMemory;
import cr4j.proc.ProcStat;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Signals;
import cr4j.sys.Tracer;
import cr4j.task.Zombie;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Sequences a checkpoint: resolve the scope, run the callbacks of the processes that use libcr,
 * freeze every process of the scope, capture them, write the context file, commit it, then tell
 * the callbacks the outcome, apply the post-action and let the processes go. A failure at any
 * step leaves the targets running as before and no file under the final name.
 */
public final class Checkpointer {
    private static final String TOOL_VERSION = "cr4j 0.1.0";
    private final Tracer tracer = new Tracer();
    private final List<String> warnings = new ArrayList<>();

    /**
     * What to checkpoint, where to, which signal to send once the file is safe (0: none), and how
     * long the processes' callbacks may take (0: no limit).
     */
    public record Request(Scope scope, int id, ContextTarget target, int signal, PtracedPolicy traced,
                          PtracerPolicy tracer, SavedFiles saved, int timeLimitSeconds) {}

    public void checkpoint(Request request) throws IOException {
        try (tracer; CallbackRound round = CallbackRound.open(callbackRequest(request), request.timeLimitSeconds(),
                (scope, target) -> CheckpointScope.forwarded(scope, target, request))) {
            runCallbacks(request, round);
            List<FrozenProcess> frozen = new ArrayList<>();
            int outcome = Errno.EIO;
            try {
                tracer.call(() -> freeze(request, round, frozen));
                save(request, frozen, round);
                outcome = 0;
            } catch (IOException e) {
                outcome = ErrnoException.errnoOf(e);
                throw e;
            } finally {
                round.conclude(outcome);
                int signal = outcome == 0 ? request.signal() : 0;
                tracer.call(() -> release(frozen, signal));
            }
            round.awaitEnd(request.signal());
        }
    }

    /** What was left out or not done, BLCR's kernel messages: for --kmsg-warning and failures. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    /**
     * Runs the callbacks of the processes that use libcr, before anything is frozen. A
     * permanent failure asked by a callback kills every process of the checkpoint, as in BLCR.
     */
    private static void runCallbacks(Request request, CallbackRound round) throws IOException {
        List<Integer> members = new ArrayList<>();
        for (int pid : CheckpointScope.members(request.scope(), request.id())) {
            if (CheckpointScope.admit(pid, request)) {
                members.add(pid);
            }
        }
        round.start(members);
        try {
            round.awaitVotes();
        } catch (CallbackFailure f) {
            if (f.permanent()) {
                members.addAll(round.forwarded());
                for (int pid : members) {
                    Signals.killIfAlive(pid, Signals.SIGKILL);
                }
            }
            throw f;
        }
    }

    private static CallbackRound.Request callbackRequest(Request request) {
        return new CallbackRound.Request(request.id(), CheckpointScope.crScope(request.scope()), request.signal(),
                request.target().destination());
    }

    /**
     * Freezes the members of the scope (and those callbacks forwarded the checkpoint to), then
     * looks again: a process may have forked meanwhile. Once every member is frozen none can
     * fork, so the scan ends. Processes whose callbacks left them out stay out.
     */
    private static Void freeze(Request request, CallbackRound round, List<FrozenProcess> frozen) throws IOException {
        Set<Integer> seen = new HashSet<>(round.excluded());
        boolean grew = true;
        while (grew) {
            grew = false;
            List<Integer> members = new ArrayList<>(CheckpointScope.members(request.scope(), request.id()));
            members.addAll(round.forwarded());
            for (int pid : members) {
                if (seen.add(pid) && CheckpointScope.admit(pid, request)) {
                    freezeUnlessEnded(pid, round.resumed(pid), frozen);
                    grew = true;
                }
            }
        }
        if (frozen.isEmpty()) {
            throw new ErrnoException(Errno.ESRCH, "no processes checkpointed");
        }
        return null;
    }

    /** A member that exits while the freeze runs is simply not part of the checkpoint. */
    private static void freezeUnlessEnded(int pid, boolean stoppedBefore, List<FrozenProcess> frozen)
            throws IOException {
        try {
            frozen.add(FrozenProcess.freeze(pid, stoppedBefore));
        } catch (ErrnoException e) {
            if (CheckpointScope.isLive(pid)) {
                throw e;
            }
        }
    }

    private static Void release(List<FrozenProcess> frozen, int signal) throws IOException {
        IOException first = null;
        for (FrozenProcess f : frozen) {
            try {
                f.release(signal);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
        return null;
    }

    private void save(Request request, List<FrozenProcess> frozen, CallbackRound round) throws IOException {
        ContextTarget target = request.target();
        try {
            List<Process> processes = new ArrayList<>();
            SharedMemory shared = new SharedMemory();
            for (FrozenProcess f : frozen) {
                try (ProcessMemory memory = new ProcessMemory(f.pid())) {
                    processes.add(tracer.call(() -> ProcessCapture.capture(f, memory, shared, request.saved(),
                            round.channel(f.pid()), warnings)));
                }
            }
            processes = FileDescriptions.number(processes);
            ContextWriter writer = new ContextWriter(target.open());
            processes.addAll(zombies(request, frozen));
            writer.writeCheckpoint(description(request, processes, Pipes.capture(processes)));
            for (Process p : processes) {
                writer.writeProcess(p);
                if (p.getZombie()) {
                    continue;
                }
                try (ProcessMemory memory = new ProcessMemory(p.getPid())) {
                    PageData.capture(memory, p.getMappingsList(), writer);
                }
            }
            writer.finish();
            target.commit();
        } catch (IOException | RuntimeException e) {
            target.abort();
            throw e;
        }
    }

    /** Zombies stay zombies as long as their frozen parents do not wait for them. */
    private static List<Process> zombies(Request request, List<FrozenProcess> frozen) throws IOException {
        List<Process> zombies = new ArrayList<>();
        List<Integer> parents = frozen.stream().map(FrozenProcess::pid).toList();
        for (ProcStat stat : CheckpointScope.zombieChildren(request.scope(), parents)) {
            zombies.add(Zombie.capture(stat));
        }
        return zombies;
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static Checkpoint description(Request request, List<Process> processes, List<Pipe> pipes) {
        return Checkpoint.newBuilder()
                .setToolVersion(TOOL_VERSION)
                .setScope(request.scope())
                .setTarget(request.id())
                .setTimeUnixMs(System.currentTimeMillis())
                .setHostname(hostname())
                .setKernelRelease(ContextHeader.ofThisMachine().kernelRelease())
                .addAllPids(processes.stream().map(Process::getPid).toList())
                .addAllPipes(pipes)
                .build();
    }
}
