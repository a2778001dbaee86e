package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Random numbers from the kernel (getrandom(2)). java.security.SecureRandom would do, but loading
 * its providers costs a command a tenth of a second on start-up.
 */
public final class Entropy {
    private static final int GETRANDOM = 318;

    private Entropy() {}

    public static long nextLong() throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_LONG);
            Syscall.call("getrandom", GETRANDOM, value.address(), 8, 0);
            return value.get(JAVA_LONG, 0);
        }
    }
}
