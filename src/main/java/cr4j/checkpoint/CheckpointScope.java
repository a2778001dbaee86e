package cr4j.checkpoint;

import cr4j.image.proto.Scope;
import cr4j.proc.Children;
import cr4j.proc.Maps;
import cr4j.proc.ProcStat;
import cr4j.proc.ProcStatus;
import cr4j.proc.Tracees;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which processes a checkpoint request names (BLCR-SPEC.md 1.2, "Scope"): a process, a tree (the
 * process and its descendants that are still its descendants), or every process of a process
 * group or session (orphans included). Members are listed each parent before its children, so a
 * restart can create them in that order. Processes that loaded libcr_omit stay out, as in BLCR,
 * and so does the checkpointer itself.
 */
final class CheckpointScope {
    /**
     * The checkpointer leaves itself out when it is part of its own scope (a job checkpointing
     * itself): its waiting parent is saved instead (BLCR-SPEC.md 1.1).
     */
    private static final int SELF = (int) ProcessHandle.current().pid();
    /** libcr.h's cr_scope_t: CR_SCOPE_PROC, _PGRP, _SESS and _TREE are these, in this order. */
    private static final List<Scope> CR_SCOPES = List.of(Scope.SCOPE_PID, Scope.SCOPE_PGID, Scope.SCOPE_SID,
            Scope.SCOPE_TREE);

    private CheckpointScope() {}

    /** The current members of the scope, parents first. */
    static List<Integer> members(Scope scope, int id) throws IOException {
        return switch (scope) {
            case SCOPE_PID -> isLive(id) ? List.of(id) : List.of();
            case SCOPE_TREE -> isLive(id) ? tree(id) : List.of();
            case SCOPE_PGID, SCOPE_SID -> parentsFirst(byGroup(scope, id));
            case UNRECOGNIZED -> throw new IllegalArgumentException("scope " + scope);
        };
    }

    /** SCOPE as libcr.h's cr_scope_t names it. */
    static int crScope(Scope scope) {
        return CR_SCOPES.indexOf(scope);
    }

    /**
     * The processes a callback forwards the checkpoint to (cr_forward_checkpoint): those of
     * SCOPE, a libcr.h CR_SCOPE_* value, and TARGET that REQUEST would admit.
     */
    static List<Integer> forwarded(int scope, int target, Checkpointer.Request request) throws IOException {
        if (scope < 0 || scope >= CR_SCOPES.size()) {
            throw new ErrnoException(Errno.EINVAL, "no scope " + scope);
        }
        if (target <= 0) {
            return List.of();
        }
        List<Integer> admitted = new ArrayList<>();
        for (int pid : members(CR_SCOPES.get(scope), target)) {
            if (admit(pid, request)) {
                admitted.add(pid);
            }
        }
        return admitted;
    }

    /**
     * The zombie children of MEMBERS, for a tree, group or session: a saved parent may still
     * wait for them. A process alone (--pid) is saved without its children, live or dead.
     */
    static List<ProcStat> zombieChildren(Scope scope, List<Integer> members) throws IOException {
        List<ProcStat> zombies = new ArrayList<>();
        if (scope == Scope.SCOPE_PID) {
            return zombies;
        }
        for (int member : members) {
            for (int child : childrenOf(member)) {
                statOf(child).filter(s -> s.state() == 'Z').ifPresent(zombies::add);
            }
        }
        return zombies;
    }

    /**
     * Whether process PID may join the checkpoint under the request's ptrace policies: false
     * when a policy says to skip it, an error when it says to refuse.
     */
    static boolean admit(int pid, Checkpointer.Request request) throws IOException {
        Optional<ProcStatus> status = statusOf(pid);
        if (status.isEmpty() || status.get().state() == 'Z') {
            return false;
        }
        if (status.get().tgid() != pid) {
            throw new ErrnoException(Errno.ESRCH, pid + " is a thread, not a process");
        }
        if (pid == SELF || omitted(pid)) {
            return false;
        }
        if (status.get().tracerPid() != 0) {
            return traced(pid, status.get().tracerPid(), request.traced());
        }
        OptionalInt tracee = Tracees.anyOf(pid);
        if (tracee.isPresent()) {
            return tracing(pid, tracee.getAsInt(), request.tracer());
        }
        return true;
    }

    /** A process that loaded libcr_omit (cr_run --omit) asked to stay out of checkpoints. */
    private static boolean omitted(int pid) throws IOException {
        try {
            return Maps.read(pid).stream().anyMatch(v -> v.name().substring(v.name().lastIndexOf('/') + 1)
                    .startsWith("libcr_omit.so"));
        } catch (NoSuchFileException gone) {
            return true;
        } catch (AccessDeniedException notOurs) {
            // Another user's process: the freeze says so, with the reason.
            return false;
        }
    }

    private static boolean traced(int pid, int tracer, PtracedPolicy policy) throws IOException {
        String traced = "process " + pid + " is being traced by process " + tracer;
        return switch (policy) {
            case SKIP -> false;
            case ALLOW -> throw new ErrnoException(Errno.CR_EPTRACED, traced
                    + ", and a process has one tracer at most: detach it first");
            case ERROR -> throw new ErrnoException(Errno.CR_EPTRACED, traced);
        };
    }

    /** A tracer's tracees are not in the checkpoint, and could not be re-attached to it. */
    private static boolean tracing(int pid, int tracee, PtracerPolicy policy) throws IOException {
        return switch (policy) {
            case SKIP -> false;
            case ERROR -> throw new ErrnoException(Errno.CR_EPTRACER, "process " + pid + " is tracing process " + tracee);
        };
    }

    private static List<Integer> tree(int root) throws IOException {
        List<Integer> members = new ArrayList<>(List.of(root));
        for (int i = 0; i < members.size(); i++) {
            for (int child : childrenOf(members.get(i))) {
                if (isLive(child)) {
                    members.add(child);
                }
            }
        }
        return members;
    }

    private static List<Integer> childrenOf(int pid) throws IOException {
        try {
            return Children.of(pid);
        } catch (NoSuchFileException gone) {
            return List.of();
        }
    }

    /** Every live process whose group or session is ID, with its parent. */
    private static Map<Integer, Integer> byGroup(Scope scope, int id) throws IOException {
        Map<Integer, Integer> parents = new TreeMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                statOf(Integer.parseInt(entry.getFileName().toString()))
                        .filter(s -> s.state() != 'Z' && (scope == Scope.SCOPE_PGID ? s.pgrp() : s.session()) == id)
                        .ifPresent(s -> parents.put(s.pid(), s.ppid()));
            }
        }
        return parents;
    }

    /** Orders PARENTS' keys so a process whose parent is a member comes after that parent. */
    private static List<Integer> parentsFirst(Map<Integer, Integer> parents) {
        Set<Integer> placed = new LinkedHashSet<>();
        while (placed.size() < parents.size()) {
            for (Map.Entry<Integer, Integer> e : parents.entrySet()) {
                boolean parentPending = parents.containsKey(e.getValue()) && !placed.contains(e.getValue());
                if (!placed.contains(e.getKey()) && !parentPending) {
                    placed.add(e.getKey());
                }
            }
        }
        return List.copyOf(placed);
    }

    static boolean isLive(int pid) throws IOException {
        Optional<ProcStat> stat = statOf(pid);
        return stat.isPresent() && stat.get().state() != 'Z' && stat.get().pid() == pid;
    }

    private static Optional<ProcStat> statOf(int pid) throws IOException {
        try {
            return Optional.of(ProcStat.read(pid));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    private static Optional<ProcStatus> statusOf(int pid) throws IOException {
        try {
            return Optional.of(ProcStatus.read(pid));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }
}
