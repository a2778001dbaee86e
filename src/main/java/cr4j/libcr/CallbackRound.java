package cr4j.libcr;

import cr4j.libcr.LibcrMessage.Type;
import cr4j.proc.ProcStatus;
import cr4j.sys.Entropy;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;
import cr4j.sys.Poll;
import cr4j.sys.Signals;
import cr4j.sys.SyscallException;
import cr4j.sys.UnixSocket;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The checkpointer's side of one checkpoint's callbacks (doc/libcr-protocol.md): asks every
 * process that runs libcr's coordinator to run its callbacks, waits for their votes within the
 * time limit, and tells each the verdict. Processes without libcr are not involved.
 */
public final class CallbackRound implements AutoCloseable {
    /** The signal libcr reserves (BLCR's CR_SIGNUM: SIGRTMAX). */
    static final int CR_SIGNUM = 64;
    private static final long NO_LIMIT = -1;
    /** SIGKILL, SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU: after them no callback runs soon, or ever. */
    private static final Set<Integer> STOPPING = Set.of(9, 19, 20, 21, 22);
    private static final int SIGCONT = 18, SIGSTOP = 19;

    /** What a process learns of the request: cr_get_checkpoint_info(). */
    public record Request(int target, int scope, int signal, String destination) {}

    /** Resolves the scope a callback forwards the checkpoint to (cr_forward_checkpoint). */
    public interface Forwarding {
        /** The processes of SCOPE (a CR_SCOPE_* value) and TARGET; may throw with an errno. */
        List<Integer> members(int scope, int target) throws IOException;
    }

    private final Request request;
    private final Forwarding forwarding;
    private final long deadline;
    private final int limitSeconds;
    private final long nonce;
    private final UnixSocket listener;
    private final Map<Integer, Participant> participants = new LinkedHashMap<>();
    private final Set<Integer> forwarded = new HashSet<>();
    private final Set<Integer> resumed = new HashSet<>();
    private int postSignal;

    private CallbackRound(Request request, int limitSeconds, Forwarding forwarding) throws SyscallException {
        this.request = request;
        this.forwarding = forwarding;
        this.limitSeconds = limitSeconds;
        this.deadline = limitSeconds > 0 ? System.nanoTime() + limitSeconds * 1_000_000_000L : NO_LIMIT;
        this.nonce = Entropy.nextLong();
        this.listener = UnixSocket.listen(address(ProcessHandle.current().pid(), nonce));
    }

    /** A round for REQUEST whose callbacks must be done within LIMIT_SECONDS (0: no limit). */
    public static CallbackRound open(Request request, int limitSeconds, Forwarding forwarding) throws SyscallException {
        return new CallbackRound(request, limitSeconds, forwarding);
    }

    static String address(long checkpointer, long nonce) {
        String hex = Long.toHexString(nonce);
        return "cr4j-checkpoint-" + checkpointer + "-" + "0".repeat(16 - hex.length()) + hex;
    }

    /**
     * Asks those of PIDS that run libcr's coordinator to run their callbacks. A coordinator busy
     * with another checkpoint is EBUSY, as BLCR refuses a process in two requests.
     */
    public void start(Collection<Integer> pids) throws IOException {
        for (int pid : pids) {
            if (participants.containsKey(pid)) {
                continue;
            }
            var coordinator = Coordinator.of(pid);
            if (coordinator.isEmpty()) {
                continue;
            }
            if (coordinator.get().busy()) {
                throw new ErrnoException(Errno.EBUSY, "process " + pid + " is taking part in another checkpoint");
            }
            if (Participant.isStopped(pid)) {
                // Its callbacks run all the same (BLCR-SPEC.md 6.3 "stopped"): it is continued for
                // them, saved as stopped, and stopped again once they are over.
                Signals.kill(pid, SIGCONT);
                resumed.add(pid);
            }
            Participant p = new Participant(pid, Poll.processEnd(pid));
            participants.put(pid, p);
            try {
                Signals.queueToThread(pid, coordinator.get().tid(), CR_SIGNUM, nonce);
            } catch (SyscallException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw e;
                }
                // The coordinator (or the process) ended since it was seen: no callbacks to run.
                participants.remove(pid).close();
            }
        }
    }

    /**
     * Waits until every process asked has voted, then acts on the votes: a temporary failure (or
     * the time limit) cancels the checkpoint for all, a permanent one is thrown for the caller to
     * kill the scope. Omitting processes are let go at once.
     */
    public void awaitVotes() throws IOException {
        while (participants.values().stream().anyMatch(Participant::undecided)) {
            long left = millisecondsLeft();
            if (left == 0) {
                throw cancel(CallbackFailure.timedOut(firstUndecided(), limitSeconds));
            }
            serveNext(left);
        }
        for (Participant p : participants.values()) {
            if (p.vote() == Type.PERM_FAILURE) {
                throw cancel(CallbackFailure.permanent(p.code()));
            }
        }
        for (Participant p : participants.values()) {
            if (p.vote() == Type.TEMP_FAILURE) {
                throw cancel(CallbackFailure.temporary(p.code()));
            }
        }
    }

    /** What is left of the time limit, in milliseconds as poll(2) takes them: -1 without one, 0 when out. */
    private long millisecondsLeft() {
        return deadline == NO_LIMIT ? -1 : Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
    }

    private int firstUndecided() {
        return participants.values().stream().filter(Participant::undecided).findFirst().orElseThrow().pid();
    }

    /** Serves the first thing that happens: a connection, a message, or a process ending. */
    private void serveNext(long timeoutMs) throws IOException {
        List<Integer> fds = new ArrayList<>();
        fds.add(listener.fd());
        List<Participant> waiting = participants.values().stream().filter(Participant::undecided).toList();
        for (Participant p : waiting) {
            fds.add(p.connected() ? p.channel().fd() : p.processEnd());
        }
        OptionalInt ready = Poll.firstReadable(fds.stream().mapToInt(Integer::intValue).toArray(), timeoutMs);
        if (ready.isEmpty()) {
            return;
        }
        if (ready.getAsInt() == 0) {
            accept();
            return;
        }
        Participant p = waiting.get(ready.getAsInt() - 1);
        if (p.connected()) {
            receive(p);
        } else {
            p.end();
        }
    }

    private void accept() throws IOException {
        UnixSocket connection = listener.accept();
        Participant p = participants.get(connection.peerPid());
        if (p == null || p.connected()) {
            // Nobody we asked: whoever it is learns nothing.
            connection.close();
            return;
        }
        p.connect(connection);
        connection.send(new LibcrMessage(Type.REQUEST, (int) ProcessHandle.current().pid(), request.target(),
                request.scope(), request.signal(), request.destination()).encode());
    }

    private void receive(Participant p) throws IOException {
        byte[] datagram = p.channel().receive();
        if (datagram.length == 0) {
            // The process ended, or exec'd, during its callbacks: it is not part of the checkpoint.
            p.end();
            return;
        }
        LibcrMessage m = LibcrMessage.decode(datagram, p.pid());
        switch (m.type()) {
            case READY -> p.vote(Type.READY, m.a());
            case OMIT -> {
                p.vote(Type.OMIT, 0);
                p.tell(LibcrMessage.of(Type.OMITTED, 0));
            }
            case TEMP_FAILURE, PERM_FAILURE -> p.vote(m.type(), m.a());
            case FORWARD -> p.tell(LibcrMessage.of(Type.FORWARD_REPLY, forward(p.pid(), m.a(), m.b())));
            default -> throw new ErrnoException(Errno.EPROTO, "process " + p.pid() + " sent " + m.type()
                    + " during its callbacks");
        }
    }

    /**
     * cr_forward_checkpoint from process FORWARDER: adds the processes of SCOPE and TARGET;
     * answers 0 or an errno. The forwarder must be allowed to signal each of them itself: the
     * checkpointer's own rights (root's, for a batch system) are not lent to a callback.
     */
    private int forward(int forwarder, int scope, int target) {
        try {
            List<Integer> members = forwarding.members(scope, target);
            if (members.isEmpty()) {
                return Errno.ESRCH;
            }
            ProcStatus.Ids by = ProcStatus.read(forwarder).uid();
            for (int member : members) {
                if (member == 1 || !maySignal(by, ProcStatus.read(member).uid())) {
                    return Errno.EPERM;
                }
            }
            start(members);
            forwarded.addAll(members);
            return 0;
        } catch (IOException e) {
            return ErrnoException.errnoOf(e);
        }
    }

    /** kill(2)'s rule: root, or a real or effective uid that is the target's real or saved one. */
    private static boolean maySignal(ProcStatus.Ids sender, ProcStatus.Ids target) {
        return sender.effective() == 0 || sender.real() == target.real() || sender.real() == target.saved()
                || sender.effective() == target.real() || sender.effective() == target.saved();
    }

    /** Tells every process still waiting that the checkpoint is off, and returns FAILURE to throw. */
    private CallbackFailure cancel(CallbackFailure failure) {
        for (Participant p : participants.values()) {
            if (p.connected() && p.vote() != Type.OMIT) {
                p.tell(LibcrMessage.of(Type.CANCELLED, failure.code()));
            }
        }
        return failure;
    }

    /** Processes that asked to be left out, or ended during their callbacks. */
    public Set<Integer> excluded() {
        Set<Integer> out = new HashSet<>();
        for (Participant p : participants.values()) {
            if (p.vote() == Type.OMIT || p.ended()) {
                out.add(p.pid());
            }
        }
        return out;
    }

    /** Whether process PID was stopped, and continued only to run its callbacks. */
    public boolean resumed(int pid) {
        return resumed.contains(pid);
    }

    /** Processes added by cr_forward_checkpoint, beyond the request's own scope. */
    public Set<Integer> forwarded() {
        return Set.copyOf(forwarded);
    }

    /** The descriptor of process PID that is its libcr channel, if it took part. */
    public OptionalInt channel(int pid) {
        Participant p = participants.get(pid);
        return p != null && p.vote() == Type.READY ? OptionalInt.of(p.channelFd()) : OptionalInt.empty();
    }

    /**
     * Tells every saved process the outcome before it is let go: continue (ERRNO 0), or the
     * checkpoint failed with ERRNO, which cr_checkpoint() returns negated.
     */
    public void conclude(int errno) {
        for (Participant p : participants.values()) {
            if (p.vote() == Type.READY) {
                p.tell(errno == 0 ? LibcrMessage.of(Type.CONTINUE, 0) : LibcrMessage.of(Type.CANCELLED, errno));
            }
        }
    }

    /**
     * After the processes were let go: waits until each saved process has run the rest of its
     * callbacks and closed its channel, so a checkpoint that follows finds it idle. A process
     * that SIGNAL stopped cannot run them; the wait also ends with the time limit.
     */
    public void awaitEnd(int signal) throws IOException {
        postSignal = signal;
        if (STOPPING.contains(signal)) {
            return;
        }
        List<Participant> running = new ArrayList<>(participants.values().stream()
                .filter(p -> p.vote() == Type.READY && !p.ended()).toList());
        while (!running.isEmpty()) {
            long left = millisecondsLeft();
            if (left == 0) {
                return;
            }
            int[] fds = running.stream().mapToInt(p -> p.channel().fd()).toArray();
            OptionalInt ready = Poll.firstReadable(fds, left);
            if (ready.isPresent() && running.get(ready.getAsInt()).channel().receive().length == 0) {
                running.remove(ready.getAsInt());
            }
        }
    }

    /**
     * Ends the round. Processes continued for their callbacks are stopped again, as they were,
     * unless the post-checkpoint signal was SIGCONT.
     */
    @Override
    public void close() {
        participants.values().forEach(Participant::close);
        listener.close();
        if (postSignal != SIGCONT) {
            for (int pid : resumed) {
                try {
                    Signals.kill(pid, SIGSTOP);
                } catch (SyscallException ended) {
                    // A process that ended has nothing to stop.
                }
            }
        }
    }
}
