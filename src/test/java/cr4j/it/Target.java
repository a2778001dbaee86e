package cr4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test program started by the test JVM, which is its parent and never traces it (the
 * checkpointer does). Killed by its recorded PID and reaped on close.
 */
final class Target implements AutoCloseable {
    private final String name;
    private final Process process;
    private final OutputLines stdout;
    private final OutputLines stderr;
    private final OutputStream stdin;

    private Target(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdout = new OutputLines("stdout of " + name, process.getInputStream(), this::describe);
        this.stderr = new OutputLines("stderr of " + name, process.getErrorStream(), this::describe);
        this.stdin = process.getOutputStream();
    }

    static Target start(Path program, Path workingDirectory, String... args) {
        return start(program, workingDirectory, Map.of(), args);
    }

    /** Starts the program with the variables added to the test's own environment. */
    static Target start(Path program, Path workingDirectory, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new Target(program.getFileName() + "[" + process.pid() + "]", process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    long pid() {
        return process.pid();
    }

    OutputLines stdout() {
        return stdout;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Writes one line to the program's stdin. */
    void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to stdin of " + name, e);
        }
    }

    /** Waits until the program has exited and been reaped, so its PID is free; returns the status as ProcessBuilder reports it (128+N for signal N). */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                fail(name + " did not exit within " + timeout + "; stdout: " + stdout.seen() + "; stderr: " + stderr.seen());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        }
    }

    String describe() {
        return name + (process.isAlive() ? " is running" : " exited with " + process.exitValue())
                + "; stderr: " + stderr.seen();
    }

    @Override
    public void close() {
        // Process.destroyForcibly signals this PID only, and only while the JVM has not reaped it.
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            stdin.close();
        } catch (IOException alreadyBroken) {
            // The program is gone; its pipe may already be closed.
        }
    }
}
