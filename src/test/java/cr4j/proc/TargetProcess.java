package cr4j.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs src/test/c/proc_target.c, whose /proc files the tests know in advance. Its files live in a
 * directory whose name has a space. Closing kills and reaps it; its only child dies with it.
 */
final class TargetProcess implements AutoCloseable {
    static final long ANON_ADDR = 0x1000_0000_0000L;
    static final long FILE_ADDR = 0x1000_0010_0000L;
    static final long DELETED_ADDR = 0x1000_0020_0000L;
    static final String COMM = "cr4j t) (x";
    static final int LOG_FD = 10;
    static final int PIPE_READ_FD = 11;
    static final int PIPE_WRITE_FD = 12;
    static final int DELETED_FD = 13;

    private static Path binary;

    final Process process;
    final Path dir;
    final int pid;
    final int child;

    private TargetProcess(Process process, Path dir, int child) {
        this.process = process;
        this.dir = dir;
        this.pid = (int) process.pid();
        this.child = child;
    }

    static TargetProcess start() throws IOException {
        Path dir = Files.createTempDirectory("cr4j proc ");
        Process process = new ProcessBuilder(binary().toString(), dir.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        int child = -1;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.add(line);
            if (line.startsWith("child ")) {
                child = Integer.parseInt(line.substring(6));
            } else if (line.equals("ready")) {
                return new TargetProcess(process, dir, child);
            }
        }
        reap(process);
        throw new IOException("proc_target exited before it was ready: " + seen);
    }

    private static synchronized Path binary() throws IOException {
        if (binary == null) {
            Path dir = Files.createTempDirectory("cr4j-proc-target");
            Path out = dir.resolve("proc_target");
            // Deleted in reverse order of registration: the binary, then its directory.
            dir.toFile().deleteOnExit();
            out.toFile().deleteOnExit();
            Process gcc = new ProcessBuilder("gcc", "-O0", "-pthread", "-o", out.toString(),
                    Path.of("src/test/c/proc_target.c").toAbsolutePath().toString())
                    .redirectErrorStream(true).start();
            String messages = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (waitFor(gcc) != 0) {
                throw new IOException("gcc failed: " + messages);
            }
            binary = out;
        }
        return binary;
    }

    @Override
    public void close() throws IOException {
        reap(process);
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(dir);
    }

    private static void reap(Process process) {
        process.destroyForcibly();
        waitFor(process);
    }

    private static int waitFor(Process process) {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("pid " + process.pid() + " did not exit");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
