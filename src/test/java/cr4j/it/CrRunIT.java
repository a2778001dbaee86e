package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * cr_run, libcr_run and libcr_omit as BLCR's user's guide uses them (BLCR-SPEC.md sections 3 and
 * 6.2): a program run with cr_run is checkpointed as usual, one run with --omit stays out of every
 * checkpoint and gets no post-checkpoint signal, and programs link the libraries by their
 * link-forcing symbols.
 */
class CrRunIT extends CommandTest {
    private static Path bin(String command) {
        return Project.home().resolve("bin").resolve(command);
    }

    @Test
    void crRunRunsTheProgramAndPassesItsStatusOn() {
        Target run = start(bin("cr_run"), "--", TestPrograms.path("counter", Linkage.DYNAMIC).toString(),
                "lines=3", "exit=5");
        run.stdout().awaitLine("3 pid=\\d+", LINE);
        assertEquals(5, run.awaitExit(LINE));
    }

    @Test
    void programUnderCrRunIsCheckpointedAndOneUnderOmitIsNot() {
        Target included = start(bin("cr_run"), TestPrograms.path("counter", Linkage.DYNAMIC).toString());
        included.stdout().awaitLine(COUNT, LINE);
        Outcome saved = commands.checkpoint("--clobber", "-f", dir.resolve("in").toString(), Long.toString(included.pid()));
        assertEquals(0, saved.exitCode(), saved::describe);

        Target omitted = start(bin("cr_run"), "--omit", TestPrograms.path("counter", Linkage.DYNAMIC).toString());
        omitted.stdout().awaitLine(COUNT, LINE);
        Outcome refused = commands.checkpoint("--clobber", "--term", "-f", dir.resolve("out").toString(),
                Long.toString(omitted.pid()));
        assertEquals(3, refused.exitCode(), refused::describe);
        assertTrue(omitted.isAlive(), "an omitted process gets no post-checkpoint signal");
    }

    @Test
    void omittedHelperIsLeftOutOfItsParentsTree() throws Exception {
        String counter = TestPrograms.path("counter", Linkage.DYNAMIC).toString();
        Target parent = start(Path.of("/bin/sh"), "-c", bin("cr_run") + " --omit " + counter + " > /dev/null & exec "
                + counter);
        parent.stdout().awaitLine(COUNT, LINE);
        Path context = dir.resolve("tree");
        Outcome saved = commands.checkpoint("-f", context.toString(), Long.toString(parent.pid()));
        assertEquals(0, saved.exitCode(), saved::describe);
        Outcome info = commands.info("--json", context.toString());
        assertTrue(info.stdout().contains("\"pids\":[" + parent.pid() + "]"), info.stdout());
        ProcessHandle.of(parent.pid()).ifPresent(p -> p.children().forEach(ProcessHandle::destroyForcibly));
    }

    @Test
    void programsLinkTheLibrariesByTheirLinkSymbols() throws Exception {
        Path lib = Project.home().resolve("lib");
        Path source = Files.writeString(dir.resolve("hello.c"), "int main(void) { return 0; }\n");
        for (String library : List.of("cr_run", "cr_omit")) {
            Path program = dir.resolve("hello_" + library);
            Process gcc = new ProcessBuilder("gcc", "-o", program.toString(), source.toString(), "-L" + lib,
                    "-l" + library, "-u", library + "_link_me").inheritIO().start();
            assertEquals(0, gcc.waitFor(), "gcc -l" + library);
            Process nm = new ProcessBuilder("nm", program.toString()).start();
            String symbols = new String(nm.getInputStream().readAllBytes());
            assertEquals(0, nm.waitFor());
            assertTrue(symbols.contains(library + "_link_me"), "nm finds the link symbol of lib" + library);
        }
    }
}
