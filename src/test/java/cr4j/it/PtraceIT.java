package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Processes in a ptrace relation with a process outside the checkpoint (BLCR-SPEC.md 1.2, "ptrace
 * policy"): a traced process or a tracer is refused with BLCR's codes, or skipped on request.
 */
class PtraceIT extends CommandTest {
    @Test
    void tracedAndTracingProcessesAreRefusedWithBlcrCodes() throws Exception {
        Target tracer = start("tracer", Linkage.DYNAMIC);
        long traced = Long.parseLong(tracer.stdout().awaitLine("tracing (\\d+)", LINE).group(1));
        try {
            assertRefused(56, "--pid", Long.toString(traced));
            assertRefused(56, "--pid", "--ptraced-error", Long.toString(traced));
            assertRefused(56, "--pid", "--ptraced-allow", Long.toString(traced));
            assertRefused(3, "--pid", "--ptraced-skip", Long.toString(traced));
            assertRefused(57, "--pid", Long.toString(tracer.pid()));
            assertRefused(3, "--pid", "--ptracer-skip", Long.toString(tracer.pid()));
            assertTrue(ProcessTable.exists(traced) && tracer.isAlive(), "both keep running");
        } finally {
            ProcessHandle.of(traced).ifPresent(ProcessHandle::destroyForcibly);
        }
        assertEquals(0, tracer.awaitExit(LINE), "the tracer sees its child end and exits");
    }

    private void assertRefused(int exitCode, String... args) {
        String[] withFile = new String[args.length + 2];
        withFile[0] = "-f";
        withFile[1] = dir.resolve("context").toString();
        System.arraycopy(args, 0, withFile, 2, args.length);
        Outcome outcome = commands.checkpoint(withFile);
        assertEquals(exitCode, outcome.exitCode(), outcome::describe);
        assertEquals(1, outcome.stderr().lines().count(), outcome::describe);
        assertTrue(!Files.exists(dir.resolve("context")), "no context file after a refusal");
    }
}
