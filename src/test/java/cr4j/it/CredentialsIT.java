package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A restart never gives a process powers its user did not have: a job checkpointed as an
 * ordinary user runs as that user again even when root restarts it, and a context file owned by
 * an ordinary user that holds a root process is refused.
 */
class CredentialsIT extends CommandTest {
    private static final String NOBODY = "65534";

    @Test
    void jobOfAnOrdinaryUserRunsAsThatUserAfterRootRestartsIt() throws Exception {
        assumeTrue(Commands.canSwitchUser(), "setpriv or the user nobody is missing");
        Target job = start(Path.of("/usr/bin/setpriv"), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                TestPrograms.path("counter", Linkage.DYNAMIC).toString());
        job.stdout().awaitLine(COUNT, LINE);
        assertEquals(NOBODY, uidOf(job.pid()));
        Path context = checkpointAndKill(job);

        RestartedProcess restored = startRestart(job.pid(), context);
        restored.stdout().awaitLine(COUNT, LINE);
        assertEquals(NOBODY, uidOf(job.pid()), "the restored job is nobody's again, not root's");
        assertEquals(65534, ((Number) Files.getAttribute(Path.of("/proc/" + job.pid()), "unix:uid")).intValue(),
                "and stays dumpable, so its user can checkpoint it again");
    }

    @Test
    void contextOfAnOrdinaryUserCannotOpenWhatThatUserCannot() throws Exception {
        assumeTrue(Commands.canSwitchUser(), "setpriv or the user nobody is missing");
        Files.writeString(dir.resolve("input"), "0123456789");
        Target job = start(Path.of("/usr/bin/setpriv"), "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                TestPrograms.path("reader_at", Linkage.DYNAMIC).toString(), dir.toString());
        job.stdout().awaitLine("ready .*", LINE);
        Path context = checkpointAndKill(job);
        Files.setAttribute(context, "unix:uid", 65534);
        Files.setAttribute(context, "unix:gid", 65534);
        Files.setPosixFilePermissions(dir.resolve("input"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        Outcome refused = commands.restart(context.toString());
        assertEquals(13, refused.exitCode(), refused::describe);
        assertTrue(!ProcessTable.exists(job.pid()), "nothing was started");
    }

    @Test
    void contextOwnedByAnOrdinaryUserHoldingARootProcessIsRefused() throws Exception {
        Target job = start("counter", Linkage.DYNAMIC);
        job.stdout().awaitLine(COUNT, LINE);
        Path context = checkpointAndKill(job);
        Files.setAttribute(context, "unix:uid", 65534);

        Outcome refused = commands.restart(context.toString());
        assertEquals(1, refused.exitCode(), refused::describe);
        assertTrue(refused.stderr().contains("must not give powers"), refused::describe);
        assertTrue(!ProcessTable.exists(job.pid()), "nothing was started");
    }

    private static String uidOf(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
    }
}
