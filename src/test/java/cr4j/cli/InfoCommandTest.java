package cr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return InfoCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    @Test
    void versionAndHelp() {
        assertEquals(0, run("--version"));
        assertEquals("cr_info version 0.1.0\n", out.toString());
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("Usage: cr_info"));
    }

    @Test
    void usageErrorsExit255() {
        assertEquals(255, run());
        assertEquals(255, run("--bogus", "x"));
        assertEquals(255, run("a", "b"));
    }

    @Test
    void corruptFileIsOneLineAndExitEinval() throws IOException {
        Path file = Files.writeString(dir.resolve("context.9"), "");
        assertEquals(22, run("--verify", file.toString()));
        assertEquals("cr_info: " + file + ": empty file\n", err.toString());
    }

    @Test
    void missingFileIsOneLineAndExitEnoent() {
        Path file = dir.resolve("context.404");
        assertEquals(2, run(file.toString()));
        assertEquals("cr_info: Unable to open file '" + file + "': No such file or directory\n", err.toString());
    }
}
