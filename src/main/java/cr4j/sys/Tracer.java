package cr4j.sys;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one platform thread that owns every ptrace call for a set of tracees. The kernel binds a
 * tracee to the thread that attached it (KERNEL-NOTES R7): other threads, and virtual threads,
 * get ESRCH. Work is sent here as tasks and runs in order.
 */
public final class Tracer implements AutoCloseable {
    /** A unit of tracer work; it may fail with the I/O or syscall error it met. */
    @FunctionalInterface
    public interface Task<T> {
        T run() throws IOException;
    }

    private static final ThreadLocal<Boolean> ON_TRACER = ThreadLocal.withInitial(() -> false);
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = Thread.ofPlatform().name("cr4j-tracer").daemon(true).unstarted(() -> {
            ON_TRACER.set(true);
            r.run();
        });
        return t;
    });

    public <T> T call(Task<T> task) throws IOException {
        Future<T> result = thread.submit(task::run);
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the tracer", e);
        }
    }

    static void checkThread() {
        if (!ON_TRACER.get()) {
            throw new IllegalStateException("ptrace call outside the tracer thread");
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
