package cr4j.cli;

import cr4j.sys.Errno;
import cr4j.sys.Spawn;
import cr4j.sys.SyscallException;
import cr4j.sys.Waits;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run the build records the AOT cache from ({@code cr4j-java --aot-train}): a real checkpoint,
 * cr_info and restart of a short-lived child, so that the cache holds the classes and linkage the
 * commands use, not only those of start-up. A checkpoint of a small process took 0.31 s with it
 * instead of 0.65 s. What fails here (a restart needs privileges an ordinary user lacks) is passed
 * over: the cache then holds what the run reached.
 */
public final class AotTraining {
    /** Long enough for a checkpoint by a JVM without a cache, short for the build to wait out. */
    private static final String SLEEP_SECONDS = "3";

    private AotTraining() {}

    /** The killed child must be gone, its PID free, before the restart. */
    private static void awaitEnd(int pid) throws SyscallException {
        try {
            Waits.waitForChild(pid);
        } catch (SyscallException e) {
            if (e.errno() != Errno.ECHILD) {
                throw e;
            }
            // The checkpointer's tracer already reaped it.
        }
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("cr4j-aot");
        Path context = dir.resolve("training.ctx");
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        try {
            int pid = Spawn.start("/bin/sleep", "sleep", SLEEP_SECONDS);
            int saved = CheckpointCommand.run(new String[] {"--quiet", "--kill", "--nosync", "-f", context.toString(),
                    Integer.toString(pid)});
            awaitEnd(pid);
            if (saved == 0) {
                InfoCommand.run(new String[] {"--verify", context.toString()}, nowhere, nowhere);
                RestartCommand.run(new String[] {"--quiet", context.toString()});
            }
        } catch (SyscallException e) {
            System.err.println("cr4j AOT training: " + e.getMessage());
        } finally {
            Files.deleteIfExists(context);
            Files.delete(dir);
        }
    }
}
