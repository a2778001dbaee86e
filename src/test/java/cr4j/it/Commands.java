package cr4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The user's commands cr_checkpoint, cr_restart and cr_info from cr4j.home/bin, run in a working
 * directory, optionally as another user (through setpriv).
 */
final class Commands {
    static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** How long output may stay open after a command exited. */
    private static final Duration OUTPUT_END = Duration.ofSeconds(10);
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    private final Path bin;
    private final Path workingDirectory;
    private final List<String> prefix;

    private Commands(Path bin, Path workingDirectory, List<String> prefix) {
        this.bin = bin;
        this.workingDirectory = workingDirectory;
        this.prefix = prefix;
    }

    static Commands in(Path workingDirectory) {
        return new Commands(Project.home().resolve("bin"), workingDirectory, List.of());
    }

    /** The same commands run with the given real and effective uid and gid and no supplementary groups. */
    Commands asUser(int uid, int gid) {
        return new Commands(bin, workingDirectory, List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups", "--"));
    }

    static boolean canSwitchUser() {
        return Files.isExecutable(SETPRIV);
    }

    Outcome checkpoint(String... args) {
        return run("cr_checkpoint", args);
    }

    Outcome restart(String... args) {
        return run("cr_restart", args);
    }

    Outcome info(String... args) {
        return run("cr_info", args);
    }

    /**
     * Starts cr_restart and returns while it runs: the restored program's output arrives on its
     * stdout and stderr, and its stdin feeds the program.
     *
     * @param restoredPid the PID the context file holds, which the restored process gets back
     */
    RestartedProcess startRestart(long restoredPid, String... args) {
        return new RestartedProcess(start("cr_restart", args), restoredPid);
    }

    /** Starts cr_checkpoint and returns while it runs. */
    RunningCommand startCheckpoint(String... args) {
        return new RunningCommand(commandLine("cr_checkpoint", args), start("cr_checkpoint", args));
    }

    private Outcome run(String name, String... args) {
        Process process = start(name, args);
        List<String> command = commandLine(name, args);
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        CompletableFuture<String> stderr = readAll(process.getErrorStream());
        try {
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS)) {
                ProcessTree.kill(process.toHandle());
                fail(command + " did not finish within " + TIMEOUT + "; killed it and its descendants"
                        + "\n  stdout: " + stdout.getNow("") + "\n  stderr: " + stderr.getNow(""));
            }
            return new Outcome(command, process.exitValue(), stdout.get(OUTPUT_END.toSeconds(), TimeUnit.SECONDS),
                    stderr.get(OUTPUT_END.toSeconds(), TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            fail(command + " exited " + process.exitValue() + " but its output stayed open " + OUTPUT_END
                    + ": a process it started still holds it", e);
            throw new IllegalStateException(e);
        }
    }

    private Process start(String name, String... args) {
        List<String> command = commandLine(name, args);
        if (!Files.isExecutable(bin.resolve(name))) {
            fail(bin.resolve(name) + " is not built (mvn package puts the commands in target/cr4j/bin)");
        }
        try {
            return new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    private List<String> commandLine(String name, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(bin.resolve(name).toString());
        command.addAll(List.of(args));
        return command;
    }

    /** All a stream says until its end, read by a daemon thread. */
    static CompletableFuture<String> readAll(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        }, "read command output");
        reader.setDaemon(true);
        reader.start();
        return text;
    }
}
