package cr4j.task;

import cr4j.image.proto.Rseq;
import cr4j.image.proto.SigAltStack;
import cr4j.image.proto.Thread;
import cr4j.proc.ThreadIds;
import cr4j.signals.PendingSignals;
import cr4j.sys.CloneArgs;
import cr4j.sys.Errno;
import cr4j.sys.Ptrace;
import cr4j.sys.Registers;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;
import cr4j.sys.SyscallException;
import cr4j.sys.WaitStatus;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One thread's CPU and kernel state: registers, the XSAVE area, the blocked-signal mask, the
 * clear_child_tid address, the robust futex list, the rseq registration, the alternate signal
 * stack and its name.
 */
public final class ThreadState {
    private static final int PR_GET_TID_ADDRESS = 40;
    private static final int SS_ONSTACK = 1, SS_DISABLE = 2;
    /** CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM */
    private static final long CLONE_THREAD_FLAGS = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000;


    private ThreadState() {}

    /**
     * Captures thread TID. ORIGINAL holds its registers from before any injected call; REMOTE
     * runs in this same thread for what only the thread can tell.
     */
    public static Thread capture(int tid, Registers original, RemoteSyscall remote) throws IOException {
        Thread.Builder t = Thread.newBuilder()
                .setTid(tid)
                .setRegs(ByteString.copyFrom(original.toBytes()))
                .setXstate(ByteString.copyFrom(Ptrace.xstate(tid)))
                .setSigmask(Ptrace.signalMask(tid))
                .setTidAddress(tidAddress(remote))
                .setSigaltstack(sigaltstack(remote))
                .setComm(ThreadIds.name(tid, tid))
                .addAllPendingSignals(PendingSignals.captureThread(tid));
        long[] robust = robustList(tid);
        t.setRobustList(robust[0]).setRobustListLength(robust[1]);
        long[] rseq = Ptrace.rseqConfiguration(tid);
        if (rseq != null) {
            t.setRseq(Rseq.newBuilder().setAddress(rseq[0]).setLength((int) rseq[1]).setSignature((int) rseq[2]));
        }
        return t.build();
    }

    private static long tidAddress(RemoteSyscall remote) throws IOException {
        return remote.callForOutput("prctl(PR_GET_TID_ADDRESS)", 8, Syscall.PRCTL, PR_GET_TID_ADDRESS,
                RemoteSyscall.OUT).getLong(0);
    }

    private static SigAltStack sigaltstack(RemoteSyscall remote) throws IOException {
        ByteBuffer ss = remote.callForOutput("sigaltstack", 24, Syscall.SIGALTSTACK, 0, RemoteSyscall.OUT);
        return SigAltStack.newBuilder().setSp(ss.getLong(0)).setFlags(ss.getInt(8)).setSize(ss.getLong(16)).build();
    }

    /** get_robust_list(2) answers for any thread we may ptrace, without injection. */
    private static long[] robustList(int tid) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment head = arena.allocate(JAVA_LONG);
            MemorySegment length = arena.allocate(JAVA_LONG);
            Syscall.call("get_robust_list(" + tid + ")", Syscall.GET_ROBUST_LIST, tid, head.address(), length.address());
            return new long[] {head.get(JAVA_LONG, 0), length.get(JAVA_LONG, 0)};
        }
    }

    /**
     * Creates thread TID (0: any) in the process LEADER runs in, by clone3 with set_tid. It needs no
     * stack: it is traced from birth and stops before running any code of its own, and gets its
     * registers (fs_base included) later (KERNEL-NOTES R6). Returns once it is stopped.
     */
    public static int cloneThread(RemoteSyscall leader, int tid) throws IOException {
        long created = CloneArgs.cloneWithId(leader, CLONE_THREAD_FLAGS, tid);
        if (created < 0) {
            throw new SyscallException("clone3 for thread " + tid, (int) -created);
        }
        WaitStatus first = Ptrace.waitFor((int) created);
        if (!first.isEventStop()) {
            throw new IOException("thread " + created + " " + first + " instead of stopping after creation");
        }
        return (int) created;
    }

    /** Re-establishes the kernel state of T in the new thread REMOTE runs in. */
    public static void restoreKernelState(RemoteSyscall remote, Thread t) throws IOException {
        remote.call("set_tid_address", Syscall.SET_TID_ADDRESS, t.getTidAddress());
        if (t.getTidAddress() != 0 && remote.tid() != t.getTid()) {
            // A thread with a new TID: the C library keeps its TID at the clear_child_tid
            // address (glibc's struct pthread), so pthread calls find the thread it is now.
            remote.memory().poke(t.getTidAddress(),
                    ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, remote.tid()).array());
        }
        if (t.getRobustList() != 0) {
            remote.call("set_robust_list", Syscall.SET_ROBUST_LIST, t.getRobustList(), t.getRobustListLength());
        }
        if (t.hasRseq()) {
            Rseq r = t.getRseq();
            remote.call("rseq", Syscall.RSEQ, r.getAddress(), r.getLength(), 0, r.getSignature());
        }
        ProcessAttributes.restoreName(remote, t.getComm());
        SigAltStack ss = t.getSigaltstack();
        if ((ss.getFlags() & SS_DISABLE) == 0) {
            remote.resetScratch();
            ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(0, ss.getSp()).putInt(8, ss.getFlags() & ~SS_ONSTACK).putLong(16, ss.getSize());
            remote.call("sigaltstack", Syscall.SIGALTSTACK, remote.put(b.array()), 0);
        }
    }

    /**
     * While a process is rebuilt every signal is blocked, so one queued meanwhile (the restored
     * pending ones too) waits for release instead of stopping an injected call.
     */
    public static void blockAllSignals(int tid) throws IOException {
        Ptrace.setSignalMask(tid, -1L);
    }

    /**
     * Gives thread TID its recorded registers, XSAVE area and signal mask: the last step before
     * release.
     */
    public static void restoreRegisters(int tid, Thread t) throws IOException {
        Ptrace.setRegisters(tid, resumable(Registers.fromBytes(t.getRegs().toByteArray())));
        Ptrace.setXstate(tid, t.getXstate().toByteArray());
        Ptrace.setSignalMask(tid, t.getSigmask());
    }

    /**
     * A thread frozen inside an interrupted system call carries a restart code in rax. The new
     * task has no restart block, so the call is made to run again with its original arguments
     * (they survive in rdi..r9): a sleep may sleep its full time again, which is allowed, but
     * never ends early or with an EINTR the program would not have seen (KERNEL-NOTES R5 (b)).
     * Only a thread already inside restart_syscall cannot be re-run: it gets EINTR.
     */
    static Registers resumable(Registers r) {
        if (r.origRax() < 0) {
            return r;
        }
        long code = -r.rax();
        if (code != Errno.ERESTARTSYS && code != Errno.ERESTARTNOINTR && code != Errno.ERESTARTNOHAND
                && code != Errno.ERESTART_RESTARTBLOCK) {
            return r;
        }
        if (r.origRax() == Syscall.RESTART_SYSCALL) {
            return r.returningFromSyscall(-Errno.EINTR);
        }
        return r.restartingSyscall();
    }
}
