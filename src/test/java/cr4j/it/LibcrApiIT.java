package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * libcr as a program links and calls it, with no checkpoint involved: the link-forcing symbol and
 * the prerequisites of every call (BLCR-SPEC.md 4.1 and 4.4).
 */
class LibcrApiIT extends CommandTest {
    @Test
    void everyCallChecksItsPrerequisites() {
        Target target = start("libcr_prereq", Linkage.LIBCR);
        int status = target.awaitExit(LINE);
        assertEquals(0, status, () -> "unmet expectations: " + target.stdout().seen());
    }

    @Test
    void programLinksLibcrByItsLinkSymbol() throws IOException, InterruptedException {
        Path source = Files.writeString(dir.resolve("hello.c"), "int main(void) { return 0; }\n");
        Path program = dir.resolve("hello");
        run("gcc", "-I" + Project.home().resolve("include"), "-o", program.toString(), source.toString(),
                "-L" + Project.home().resolve("lib"), "-lcr", "-u", "cr_link_me");
        assertTrue(run("nm", program.toString()).contains("cr_link_me"), "nm finds cr_link_me");
    }

    /** Runs a tool to its end and returns its output; it must exit 0. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process tool = new ProcessBuilder(command).redirectErrorStream(true).start();
        tool.getOutputStream().close();
        String output = new String(tool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, tool.waitFor(), () -> String.join(" ", List.of(command)) + " failed: " + output);
        return output;
    }
}
