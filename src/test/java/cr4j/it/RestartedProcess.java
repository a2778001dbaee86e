package cr4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A running cr_restart and the process it restores as its child. The restored program's stdin,
 * stdout and stderr are cr_restart's; its exit status comes back as cr_restart's.
 */
final class RestartedProcess implements AutoCloseable {
    private final Process restart;
    private final long restoredPid;
    private final OutputLines stdout;
    private final OutputLines stderr;
    private final OutputStream stdin;

    RestartedProcess(Process restart, long restoredPid) {
        this.restart = restart;
        this.restoredPid = restoredPid;
        this.stdout = new OutputLines("stdout of cr_restart[" + restart.pid() + "]", restart.getInputStream(), this::describe);
        this.stderr = new OutputLines("stderr of cr_restart[" + restart.pid() + "]", restart.getErrorStream(), this::describe);
        this.stdin = restart.getOutputStream();
    }

    long restartPid() {
        return restart.pid();
    }

    /** The PID the context holds; the restored process runs with it. */
    long restoredPid() {
        return restoredPid;
    }

    /** The restored process, if it runs below cr_restart (a PID of an unrelated process is never returned). */
    Optional<ProcessHandle> restored() {
        return restart.toHandle().descendants().filter(handle -> handle.pid() == restoredPid).findFirst();
    }

    OutputLines stdout() {
        return stdout;
    }

    OutputLines stderr() {
        return stderr;
    }

    void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to stdin of cr_restart[" + restart.pid() + "]", e);
        }
    }

    /** Closes cr_restart's stdin, so the restored program reads end of input. */
    void closeInput() {
        try {
            stdin.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for cr_restart to end and returns its status as ProcessBuilder reports it (128+N for signal N). */
    int awaitExit(Duration timeout) {
        try {
            if (!restart.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                fail("cr_restart did not exit within " + timeout + "\n  " + describe() + "\n  stdout: " + stdout.seen());
            }
            return restart.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String describe() {
        return "cr_restart[" + restart.pid() + "]" + (restart.isAlive() ? " is running" : " exited with " + restart.exitValue())
                + ", restoring PID " + restoredPid + "; stderr: " + stderr.seen();
    }

    /** Kills the restored process by its PID, then reaps cr_restart (and kills whatever else it left). */
    @Override
    public void close() {
        restored().ifPresent(ProcessHandle::destroyForcibly);
        try {
            if (!restart.waitFor(10, TimeUnit.SECONDS)) {
                ProcessTree.kill(restart.toHandle());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stdin.close();
        } catch (IOException alreadyBroken) {
            // cr_restart is gone; its pipe may already be broken.
        }
    }
}
