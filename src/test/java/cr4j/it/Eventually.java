package cr4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition that only /proc can show (a process stopped, blocked in a syscall). The
 * kernel sends no notice of these to a non-tracer, so the condition is polled; the timeout is an
 * upper bound.
 */
final class Eventually {
    private static final long POLL_NANOS = 5_000_000;

    private Eventually() {
    }

    static void until(BooleanSupplier condition, Duration timeout, Supplier<String> whatFailed) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(whatFailed.get() + " (waited " + timeout + ")");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }
}
