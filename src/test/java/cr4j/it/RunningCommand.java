package cr4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command started in the background, for a test that acts while it runs (a checkpoint that must
 * wait for the target). On close it is killed with whatever it started, by recorded PIDs.
 */
final class RunningCommand implements AutoCloseable {
    private final List<String> command;
    private final Process process;
    private final CompletableFuture<String> stdout;
    private final CompletableFuture<String> stderr;

    RunningCommand(List<String> command, Process process) {
        this.command = command;
        this.process = process;
        this.stdout = Commands.readAll(process.getInputStream());
        this.stderr = Commands.readAll(process.getErrorStream());
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the command to end and returns how it ended. */
    Outcome awaitOutcome(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                fail(command + " did not finish within " + timeout + "\n  stderr: " + stderr.getNow(""));
            }
            return new Outcome(command, process.exitValue(), stdout.get(timeout.toSeconds(), TimeUnit.SECONDS),
                    stderr.get(timeout.toSeconds(), TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(command + " exited but its output stayed open", e);
        }
    }

    /** For assertion messages while it runs. */
    String describe() {
        return String.join(" ", command) + (process.isAlive() ? " is running" : " exited with " + process.exitValue())
                + "\n  stderr so far: " + stderr.getNow("");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            ProcessTree.kill(process.toHandle());
        }
    }
}
