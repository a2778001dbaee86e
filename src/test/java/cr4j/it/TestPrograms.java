package cr4j.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The C programs of src/test/c, compiled with gcc once per test run into target/it-programs/run-*.
 * A restart checks that the executable did not change since the checkpoint, so a program is built
 * once per run and never rebuilt under a live checkpoint.
 */
final class TestPrograms {
    private static final Path SOURCES = Project.directory().resolve("src/test/c");
    private static final Path OUTPUT = Project.buildDirectory().resolve("it-programs").resolve(
            "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                    + "-" + ProcessHandle.current().pid());
    private static final List<String> WARNINGS = List.of("-Wall", "-Wextra", "-Werror", "-O1", "-g");
    /** Threads work with either linkage: glibc links pthreads statically too. */
    private static final List<String> THREADS = List.of("-pthread");
    private static final Map<String, Path> BUILT = new ConcurrentHashMap<>();

    private TestPrograms() {
    }

    /** The executable built from src/test/c/NAME.c with the given linkage. */
    static Path path(String name, Linkage linkage) {
        return BUILT.computeIfAbsent(name + "-" + linkage.name().toLowerCase(), key -> compile(name, linkage, key));
    }

    private static Path compile(String name, Linkage linkage, String outputName) {
        Path source = SOURCES.resolve(name + ".c");
        Path executable = OUTPUT.resolve(outputName);
        List<String> command = new ArrayList<>(List.of("gcc", "-I", SOURCES.toString()));
        command.addAll(WARNINGS);
        command.addAll(THREADS);
        command.addAll(linkage.compilerFlags());
        command.addAll(List.of("-o", executable.toString(), source.toString()));
        command.addAll(linkage.libraries());
        try {
            Files.createDirectories(OUTPUT);
            Process gcc = new ProcessBuilder(command).redirectErrorStream(true).start();
            gcc.getOutputStream().close();
            String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(60, TimeUnit.SECONDS)) {
                gcc.destroyForcibly().waitFor();
                fail("gcc did not finish in 60 s: " + String.join(" ", command));
            }
            if (gcc.exitValue() != 0) {
                fail("gcc failed with exit " + gcc.exitValue() + ": " + String.join(" ", command) + "\n" + output);
            }
            return executable.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compile " + source, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + source, e);
        }
    }
}
