package cr4j.it;

import java.util.Arrays;

/** x86-64 syscalls a test program can be blocked in when it is checkpointed. */
enum Syscall {
    READ(0),
    // glibc's nanosleep() enters the kernel as clock_nanosleep; older ones used nanosleep.
    NANOSLEEP(35, 230),
    WAIT4(61);

    private final long[] numbers;

    Syscall(long... numbers) {
        this.numbers = numbers;
    }

    boolean isBlockedIn(long pid) {
        var blocked = ProcessTable.blockedSyscall(pid);
        return blocked.isPresent() && Arrays.stream(numbers).anyMatch(number -> number == blocked.getAsLong());
    }
}
