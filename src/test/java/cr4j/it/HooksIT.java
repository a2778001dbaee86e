package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * cr_restart's error hooks (BLCR-SPEC.md 2.2): a hook for the failure's category that exits
 * non-zero decides cr_restart's status, so a batch system tells a failed restart from the job's
 * own exit; --run-on-success runs once the job runs.
 */
class HooksIT extends CommandTest {
    @Test
    void failureHooksDecideTheStatusByCategory() {
        Outcome args = commands.restart("--run-on-fail-args=exit 42", "--bogus");
        assertEquals(42, args.exitCode(), args::describe);
        Outcome perm = commands.restart("--run-on-fail-perm=exit 43", "/dev/null");
        assertEquals(43, perm.exitCode(), perm::describe);
        assertEquals("", perm.stderr(), "a hook that decides the status silences the message");
    }

    @Test
    void pidInUseRunsTheTemporaryFailureHookAndSuccessRunsTheSuccessHook() {
        Target running = start("counter", Linkage.DYNAMIC);
        running.stdout().awaitLine(COUNT, LINE);
        Path context = checkpoint(running);
        Outcome busy = commands.restart("--run-on-failure=exit 44", context.toString());
        assertEquals(44, busy.exitCode(), busy::describe);

        Outcome killed = commands.checkpoint("--kill", "-f", context + ".2", Long.toString(running.pid()));
        assertEquals(0, killed.exitCode(), killed::describe);
        running.awaitExit(LINE);
        RestartedProcess restored = owned(commands.startRestart(running.pid(), "--run-on-success=exit 45",
                context + ".2"));
        try {
            assertEquals(45, restored.awaitExit(LINE), "a failing success hook ends cr_restart at once with its status");
        } finally {
            // The job runs on without cr_restart: end it by the PID it was restored with.
            ProcessHandle.of(running.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
