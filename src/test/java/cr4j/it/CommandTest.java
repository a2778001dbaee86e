package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * A test that drives the commands against live processes. Each test gets a fresh scratch directory
 * (the working directory of the programs and the commands), readable by every user so an
 * unprivileged user meets the file's own mode, not the directory's. Every process the test starts
 * is killed by its PID and reaped after the test, then the directory is removed.
 */
abstract class CommandTest {
    /** Upper bound for a program to print an expected line or to end. */
    static final Duration LINE = Duration.ofSeconds(20);
    /** A line that says "N pid=P", printed by counter.c for every step. */
    static final String COUNT = "(\\d+) pid=(\\d+)";

    private static final Path SCRATCH = Project.buildDirectory().resolve("it-scratch");
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** The scratch directory of this test. */
    protected Path dir;
    /** The commands, run as root in the scratch directory. */
    protected Commands commands;

    @BeforeEach
    void makeScratchDirectory(TestInfo test) throws IOException {
        Files.createDirectories(SCRATCH);
        String name = test.getTestClass().map(Class::getSimpleName).orElse("test") + "-"
                + test.getTestMethod().map(method -> method.getName()).orElse("");
        dir = Files.createTempDirectory(SCRATCH, name + "-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        commands = Commands.in(dir);
    }

    @AfterEach
    void reapAndRemove() throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        removeTree(dir);
        if (first != null) {
            throw first;
        }
    }

    /** Starts src/test/c/PROGRAM.c, built with the linkage, in the scratch directory. */
    protected Target start(String program, Linkage linkage, String... args) {
        return owned(Target.start(TestPrograms.path(program, linkage), dir, linkage.environment(), args));
    }

    /** Starts an installed program (a language runtime) in the scratch directory. */
    protected Target start(Path program, String... args) {
        return owned(Target.start(program, dir, args));
    }

    /** Starts cr_restart on the context; the process is restored with restoredPid. */
    protected RestartedProcess startRestart(long restoredPid, Path context) {
        return owned(commands.startRestart(restoredPid, context.toString()));
    }

    /**
     * Checkpoints the target with --kill into the scratch directory and waits until the original is
     * dead and reaped, so its PID is free for the restart.
     */
    protected Path checkpointAndKill(Target target) {
        Path context = dir.resolve("context." + target.pid());
        Outcome checkpoint = commands.checkpoint("--kill", "-f", context.toString(), Long.toString(target.pid()));
        assertEquals(0, checkpoint.exitCode(), checkpoint::describe);
        assertEquals(128 + 9, target.awaitExit(LINE), "the original should die by SIGKILL after the checkpoint");
        return context;
    }

    /** Checkpoints the target with default options (it keeps running) into context.PID. */
    protected Path checkpoint(Target target, String... options) {
        Path context = dir.resolve("context." + target.pid());
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("-f", context.toString(), Long.toString(target.pid())));
        Outcome checkpoint = commands.checkpoint(args.toArray(String[]::new));
        assertEquals(0, checkpoint.exitCode(), checkpoint::describe);
        assertTrue(Files.isRegularFile(context), () -> "no context file after " + checkpoint.describe());
        return context;
    }

    /** Waits until /proc shows the process blocked in the syscall, so a checkpoint interrupts it there. */
    protected static void awaitBlockedIn(long pid, Syscall syscall) {
        Eventually.until(() -> syscall.isBlockedIn(pid), LINE,
                () -> "process " + pid + " did not block in " + syscall + "; state " + ProcessTable.state(pid)
                        + ", syscall " + ProcessTable.blockedSyscall(pid));
    }

    /** Sends the signal to the process or thread with kill(2), as any other process would. */
    protected static void signal(long pid, int signalNumber) {
        sendSignal(Long.toString(pid), Integer.toString(signalNumber));
    }

    /** Queues the signal to the process with sigqueue(3), carrying the value as si_value. */
    protected static void queueSignal(long pid, int signalNumber, int value) {
        sendSignal(Long.toString(pid), Integer.toString(signalNumber), Integer.toString(value));
    }

    private static void sendSignal(String... args) {
        List<String> command = new ArrayList<>(List.of(TestPrograms.path("signal_to", Linkage.DYNAMIC).toString()));
        command.addAll(List.of(args));
        try {
            Process sender = new ProcessBuilder(command).redirectErrorStream(true).start();
            sender.getOutputStream().close();
            String output = new String(sender.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, sender.waitFor(), () -> String.join(" ", command) + " failed: " + output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    /** A PID that no process has: a child that ran and was reaped. */
    protected static long freePid() throws IOException, InterruptedException {
        Process done = new ProcessBuilder("/bin/true").start();
        done.waitFor();
        assertTrue(!ProcessTable.exists(done.pid()), "PID " + done.pid() + " was taken again at once");
        return done.pid();
    }

    /** Kills and reaps the process (or processes) when the test ends, before those started earlier. */
    protected <T extends AutoCloseable> T owned(T process) {
        started.push(process);
        return process;
    }

    private static void removeTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
