package cr4j.it;

import java.util.Arrays;

/** x86-64 syscalls a test program can be blocked in when it is checkpointed. */
enum Syscall {
    READ(0),
    // pthread mutexes, condition variables, joins and semaphores all wait in futex.
    FUTEX(202),
    // glibc's nanosleep() enters the kernel as clock_nanosleep; older ones used nanosleep.
    NANOSLEEP(35, 230),
    WAIT4(61);

    private final long[] numbers;

    Syscall(long... numbers) {
        this.numbers = numbers;
    }

    /** Whether the task (a PID, or the TID of any thread) is blocked in this syscall. */
    boolean isBlockedIn(long pid) {
        var blocked = ProcessTable.blockedSyscall(pid);
        return blocked.isPresent() && Arrays.stream(numbers).anyMatch(number -> number == blocked.getAsLong());
    }
}
