package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * ptrace(2) requests. The kernel binds a tracee to the thread that attached it, so every method
 * must run on the {@link Tracer} thread; calls from elsewhere fail with ESRCH.
 */
public final class Ptrace {
    private static final int CONT = 7, GETREGS = 12, SETREGS = 13, DETACH = 17,
            GETREGSET = 0x4204, SETREGSET = 0x4205,
            SEIZE = 0x4206, INTERRUPT = 0x4207, PEEKSIGINFO = 0x4209, GETSIGMASK = 0x420a, SETSIGMASK = 0x420b,
            GET_RSEQ_CONFIGURATION = 0x420f;
    private static final int NT_X86_XSTATE = 0x202;
    public static final int SIGINFO_SIZE = 128;
    /** Far larger than any XSAVE area; the kernel shortens the iovec to the real size. */
    private static final int XSTATE_MAX = 64 * 1024;

    public static final int O_TRACEFORK = 0x2;
    public static final int O_TRACECLONE = 0x8;
    public static final int O_EXITKILL = 0x100000;

    private Ptrace() {}

    private static long call(String name, int request, int tid, long addr, long data)
            throws SyscallException {
        Tracer.checkThread();
        return Syscall.call("ptrace(" + name + ", " + tid + ")", Syscall.PTRACE, request, tid, addr, data);
    }

    public static void seize(int tid, int options) throws SyscallException {
        call("PTRACE_SEIZE", SEIZE, tid, 0, options);
    }

    public static void interrupt(int tid) throws SyscallException {
        call("PTRACE_INTERRUPT", INTERRUPT, tid, 0, 0);
    }

    public static void cont(int tid, int signal) throws SyscallException {
        call("PTRACE_CONT", CONT, tid, 0, signal);
    }

    public static void detach(int tid, int signal) throws SyscallException {
        call("PTRACE_DETACH", DETACH, tid, 0, signal);
    }

    public static Registers registers(int tid) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment regs = arena.allocate(Registers.SIZE, 8);
            call("PTRACE_GETREGS", GETREGS, tid, 0, regs.address());
            return Registers.fromLongs(regs.toArray(JAVA_LONG));
        }
    }

    public static void setRegisters(int tid, Registers registers) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment regs = arena.allocateFrom(JAVA_LONG, registers.longs());
            call("PTRACE_SETREGS", SETREGS, tid, 0, regs.address());
        }
    }

    /** The thread's XSAVE area (FPU, SSE, AVX...), as long as this CPU's kernel makes it. */
    public static byte[] xstate(int tid) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(XSTATE_MAX, 64);
            MemorySegment iov = iovec(arena, buffer.address(), XSTATE_MAX);
            call("PTRACE_GETREGSET NT_X86_XSTATE", GETREGSET, tid, NT_X86_XSTATE, iov.address());
            long length = iov.get(JAVA_LONG, 8);
            return buffer.asSlice(0, length).toArray(JAVA_BYTE);
        }
    }

    public static void setXstate(int tid, byte[] xstate) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(xstate.length, 64);
            buffer.copyFrom(MemorySegment.ofArray(xstate));
            MemorySegment iov = iovec(arena, buffer.address(), xstate.length);
            call("PTRACE_SETREGSET NT_X86_XSTATE", SETREGSET, tid, NT_X86_XSTATE, iov.address());
        }
    }

    public static long signalMask(int tid) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mask = arena.allocate(JAVA_LONG);
            call("PTRACE_GETSIGMASK", GETSIGMASK, tid, 8, mask.address());
            return mask.get(JAVA_LONG, 0);
        }
    }

    public static void setSignalMask(int tid, long mask) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocateFrom(JAVA_LONG, mask);
            call("PTRACE_SETSIGMASK", SETSIGMASK, tid, 8, m.address());
        }
    }

    /** The rseq registration: {address, length, signature}, or null when there is none. */
    public static long[] rseqConfiguration(int tid) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            // struct ptrace_rseq_configuration: u64 rseq_abi_pointer, u32 rseq_abi_size, u32 signature,
            // u32 flags, u32 pad.
            MemorySegment conf = arena.allocate(24, 8);
            call("PTRACE_GET_RSEQ_CONFIGURATION", GET_RSEQ_CONFIGURATION, tid, 24, conf.address());
            long address = conf.get(JAVA_LONG, 0);
            if (address == 0) {
                return null;
            }
            return new long[] {address, conf.get(JAVA_INT, 8), conf.get(JAVA_INT, 12) & 0xffffffffL};
        }
    }

    /** The signals queued for thread TID, or for its whole process when SHARED, as siginfo_t. */
    public static List<byte[]> pendingSignals(int tid, boolean shared) throws SyscallException {
        List<byte[]> queued = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            // struct ptrace_peeksiginfo_args: u64 off, u32 flags (PTRACE_PEEKSIGINFO_SHARED 1), s32 nr.
            MemorySegment args = arena.allocate(16, 8);
            MemorySegment buffer = arena.allocate(SIGINFO_SIZE * 32L, 8);
            while (true) {
                args.set(JAVA_LONG, 0, queued.size());
                args.set(JAVA_INT, 8, shared ? 1 : 0);
                args.set(JAVA_INT, 12, 32);
                int n = (int) call("PTRACE_PEEKSIGINFO", PEEKSIGINFO, tid, args.address(), buffer.address());
                for (int i = 0; i < n; i++) {
                    queued.add(buffer.asSlice((long) i * SIGINFO_SIZE, SIGINFO_SIZE).toArray(JAVA_BYTE));
                }
                if (n < 32) {
                    return queued;
                }
            }
        }
    }

    private static MemorySegment iovec(Arena arena, long base, long length) {
        MemorySegment iov = arena.allocate(16, 8);
        iov.set(JAVA_LONG, 0, base);
        iov.set(JAVA_LONG, 8, length);
        return iov;
    }

    /**
     * Waits until every thread of a killed tracee (TIDS, the leader first) has exited. The
     * others are reaped before the leader, whose report waits for them (KERNEL-NOTES R6).
     */
    public static void awaitExit(List<Integer> tids) throws SyscallException {
        List<Integer> order = new ArrayList<>(tids);
        order.add(order.removeFirst());
        for (int tid : order) {
            while (!waitFor(tid).gone()) {
                // Further stops of a dying tracee carry nothing to act on.
            }
        }
    }

    /**
     * Kills a tracee of ours and reaps every thread of it (TIDS, the leader first). Best effort:
     * what is already gone needs nothing more.
     */
    public static void killAndReap(List<Integer> tids) {
        try {
            Signals.kill(tids.getFirst(), Signals.SIGKILL);
            awaitExit(tids);
        } catch (SyscallException gone) {
            // Already killed and reaped.
        }
    }

    /** wait4(tid, __WALL): the next state change of one tracee. */
    public static WaitStatus waitFor(int tid) throws SyscallException {
        Tracer.checkThread();
        return Waits.waitFor(tid, Waits.WALL);
    }
}
