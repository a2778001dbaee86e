package cr4j.sys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes a stopped tracee execute system calls (DESIGN.md section 2, KERNEL-NOTES R2): its
 * registers point at a `syscall; int3` trampoline with the call in rax and the arguments in
 * rdi, rsi, rdx, r10, r8, r9; the tracee runs the call and traps; rax holds the result.
 * Arguments that are memory go in a scratch area, written through /proc/PID/mem.
 * Runs on the tracer thread only.
 */
public final class RemoteSyscall {
    /** syscall; int3 */
    public static final byte[] TRAMPOLINE_CODE = {0x0f, 0x05, (byte) 0xcc};
    private static final int SIGSEGV = 11, O_CLOEXEC = 0x80000, PROT_RW = 3, MAP_PRIVATE_ANONYMOUS = 0x22;
    private static final long AT_FDCWD = -100;

    private final int tid;
    private final ProcessMemory memory;
    private final Registers base;
    private final List<Integer> deferredSignals = new ArrayList<>();
    private long trampoline;
    private long scratch;
    private long scratchSize;
    private long scratchUsed;

    /** BASE: registers of the stop the tracee is in; they stay the template for every call. */
    public RemoteSyscall(int tid, ProcessMemory memory, Registers base, long trampoline) {
        this.tid = tid;
        this.memory = memory;
        this.base = base;
        this.trampoline = trampoline;
    }

    public int tid() {
        return tid;
    }

    public ProcessMemory memory() {
        return memory;
    }

    public void useTrampoline(long address) {
        this.trampoline = address;
    }

    public void useScratch(long address, long size) {
        this.scratch = address;
        this.scratchSize = size;
        this.scratchUsed = 0;
    }

    /** Maps SIZE bytes of fresh memory in the tracee and makes them the scratch area; returns them. */
    public long mapScratch(long size) throws IOException {
        long address = call("mmap scratch", Syscall.MMAP, 0, size, PROT_RW, MAP_PRIVATE_ANONYMOUS, -1, 0);
        useScratch(address, size);
        return address;
    }

    /** Copies BYTES into the scratch area and returns their address in the tracee. */
    public long put(byte[] bytes) throws IOException {
        long aligned = (scratchUsed + 15) & ~15L;
        if (scratch == 0 || aligned + bytes.length > scratchSize) {
            throw new IllegalStateException("scratch area of " + scratchSize + " bytes exhausted");
        }
        memory.poke(scratch + aligned, bytes);
        scratchUsed = aligned + bytes.length;
        return scratch + aligned;
    }

    /** Copies S, NUL-terminated, into the scratch area and returns its address. */
    public long putString(String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return put(Arrays.copyOf(utf8, utf8.length + 1));
    }

    /** Reserves LENGTH bytes of scratch for the tracee to fill; returns their address. */
    public long reserve(int length) throws IOException {
        return put(new byte[length]);
    }

    public byte[] peek(long address, int length) throws IOException {
        return memory.peek(address, length);
    }

    /** Frees every scratch allocation; call between unrelated operations. */
    public void resetScratch() {
        scratchUsed = 0;
    }

    /** Stands, among the arguments of {@link #callForOutput}, for the buffer the call fills. */
    public static final long OUT = 0x8000_0000_0000_0001L;

    /**
     * Runs a call that fills a buffer of SIZE bytes, passed where ARGS has {@link #OUT}, and
     * returns the buffer (little endian).
     */
    public ByteBuffer callForOutput(String what, int size, int nr, long... args) throws IOException {
        resetScratch();
        long out = reserve(size);
        long[] real = args.clone();
        for (int i = 0; i < real.length; i++) {
            if (real[i] == OUT) {
                real[i] = out;
            }
        }
        call(what, nr, real);
        return ByteBuffer.wrap(peek(out, size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Opens PATH in the tracee with FLAGS, close-on-exec; returns the descriptor or -errno. The
     * path takes the start of the scratch area.
     */
    public long openRaw(String path, int flags) throws IOException {
        resetScratch();
        return callRaw(Syscall.OPENAT, AT_FDCWD, putString(path), flags | O_CLOEXEC, 0);
    }

    /** The same, a failure thrown as the errno it encodes. */
    public long open(String path, int flags) throws IOException {
        long fd = openRaw(path, flags);
        if (fd < 0) {
            throw new SyscallException("open " + path + " in process " + tid, (int) -fd);
        }
        return fd;
    }

    /** Runs the call; a negative result is thrown as the errno it encodes. */
    public long call(String what, int nr, long... args) throws IOException {
        long result = callRaw(nr, args);
        if (result < 0 && result > -4096) {
            throw new SyscallException(what + " in process " + tid, (int) -result);
        }
        return result;
    }

    /** Runs the call and returns rax as the kernel left it (-errno on failure). */
    public long callRaw(int nr, long... args) throws IOException {
        Ptrace.setRegisters(tid, base.forSyscall(trampoline, nr, args));
        Ptrace.cont(tid, 0);
        awaitStop(false);
        return Ptrace.registers(tid).rax();
    }

    /**
     * Runs a call that unmaps the trampoline itself: it returns into an unmapped int3, which
     * the kernel reports as a SIGSEGV stop (KERNEL-NOTES R4 step 8). The stop is discarded
     * later, when the thread gets its final registers.
     */
    public void callUnmappingTrampoline(int nr, long... args) throws IOException {
        Ptrace.setRegisters(tid, base.forSyscall(trampoline, nr, args));
        Ptrace.cont(tid, 0);
        awaitStop(true);
    }

    /** Signals that arrived while the tracee ran injected calls, to deliver later. */
    public List<Integer> deferredSignals() {
        return List.copyOf(deferredSignals);
    }

    private void awaitStop(boolean expectSegv) throws IOException {
        while (true) {
            WaitStatus status = Ptrace.waitFor(tid);
            if (status.gone()) {
                throw new IOException("process " + tid + " " + status + " during an injected system call");
            }
            if (status.isTrap() || (expectSegv && status.isSignalStop() && status.stopSignal() == SIGSEGV)) {
                return;
            }
            // An event stop (a clone3 reports PTRACE_EVENT_CLONE or _FORK before its trap)
            // needs nothing; a signal sent to the tracee meanwhile is held back, sent later.
            if (!status.isEventStop()) {
                deferredSignals.add(status.stopSignal());
            }
            Ptrace.cont(tid, 0);
        }
    }
}
