package cr4j.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A thread's general registers: x86_64 struct user_regs_struct (sys/user.h), 27 u64 in the
 * kernel's order. Immutable; the with* methods return a changed copy.
 */
public final class Registers {
    public static final int SIZE = 27 * 8;
    private static final int R10 = 7, R9 = 8, R8 = 9, RAX = 10, RDX = 12, RSI = 13, RDI = 14,
            ORIG_RAX = 15, RIP = 16, RSP = 19;

    private final long[] r;

    private Registers(long[] r) {
        this.r = r;
    }

    public static Registers fromBytes(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("user_regs_struct is " + SIZE + " bytes, got " + bytes.length);
        }
        long[] r = new long[27];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(r);
        return new Registers(r);
    }

    static Registers fromLongs(long[] values) {
        return new Registers(values.clone());
    }

    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(r);
        return b.array();
    }

    long[] longs() {
        return r.clone();
    }

    public long rip() { return r[RIP]; }
    public long rsp() { return r[RSP]; }
    public long rax() { return r[RAX]; }
    public long origRax() { return r[ORIG_RAX]; }

    /**
     * The registers that make the thread execute `syscall` at TRAMPOLINE with NR and ARGS.
     * orig_rax = -1 keeps the kernel from applying its syscall-restart fix-up to the injected
     * call when the thread was stopped inside an interrupted syscall (KERNEL-NOTES R2).
     */
    public Registers forSyscall(long trampoline, int nr, long... args) {
        long[] c = r.clone();
        int[] slots = {RDI, RSI, RDX, R10, R8, R9};
        for (int i = 0; i < args.length; i++) {
            c[slots[i]] = args[i];
        }
        c[RAX] = nr;
        c[ORIG_RAX] = -1;
        c[RIP] = trampoline;
        return new Registers(c);
    }

    /** A copy that re-executes the syscall it was stopped in (rip back over `syscall`). */
    public Registers restartingSyscall() {
        long[] c = r.clone();
        c[RIP] -= 2;
        c[RAX] = c[ORIG_RAX];
        c[ORIG_RAX] = -1;
        return new Registers(c);
    }

    /** A copy in which the interrupted syscall returns -errno to the program. */
    public Registers returningFromSyscall(long value) {
        long[] c = r.clone();
        c[RAX] = value;
        c[ORIG_RAX] = -1;
        return new Registers(c);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Registers other && Arrays.equals(r, other.r);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(r);
    }
}
