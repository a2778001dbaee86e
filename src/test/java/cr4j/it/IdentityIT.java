package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;

/**
 * Sessions and process groups (BLCR-SPEC.md 2.2): restored processes join cr_restart's by
 * default, and get their own back with --restore-sid and --restore-pgid; with --no-restore-pid
 * a copy runs beside the original under new PIDs.
 */
class IdentityIT extends JobTest {
    @Test
    void restoreSidAndPgidGiveBackSessionAndGroups() {
        Target family = start("session_family", Linkage.DYNAMIC);
        Members members = members("session_family");
        MatchResult parent = awaitRole(family.stdout(), "parent");
        MatchResult child = awaitRole(family.stdout(), "child");
        members.add(Long.parseLong(child.group(2)));
        Path context = checkpointAndKill(family);
        members.awaitAllGone();

        RestartedProcess restored = owned(commands.startRestart(family.pid(), "--restore-sid", "--restore-pgid",
                context.toString()));
        restored.send("report");
        assertEquals(parent.group(0), awaitRole(restored.stdout(), "parent").group(0));
        assertEquals(child.group(0), awaitRole(restored.stdout(), "child").group(0));
    }

    @Test
    void byDefaultRestoredProcessesJoinTheSessionAndGroupOfRestart() {
        Target family = start("session_family", Linkage.DYNAMIC);
        Members members = members("session_family");
        MatchResult parent = awaitRole(family.stdout(), "parent");
        members.add(Long.parseLong(awaitRole(family.stdout(), "child").group(2)));
        Path context = checkpointAndKill(family);
        members.awaitAllGone();

        RestartedProcess restored = startRestart(family.pid(), context);
        restored.send("report");
        MatchResult parentAfter = awaitRole(restored.stdout(), "parent");
        MatchResult childAfter = awaitRole(restored.stdout(), "child");
        long restartPid = restored.restartPid();
        assertNotEquals(parent.group(4), parentAfter.group(4), "not its old session");
        assertEquals(ProcessTable.session(restartPid), Long.parseLong(parentAfter.group(4)));
        assertEquals(parentAfter.group(3), childAfter.group(3), "the child joins the same group");
    }

    @Test
    void noRestorePidRestartsACopyWhileTheOriginalRuns() {
        Target original = start("counter", Linkage.DYNAMIC, "stdin");
        original.send("");
        original.stdout().awaitLine(COUNT, LINE);
        Path context = checkpoint(original);

        RestartedProcess copy = owned(commands.startRestart(-1, "--no-restore-pid", context.toString()));
        copy.send("");
        MatchResult moved = copy.stdout().awaitLine("pid-changed was=(\\d+) now=(\\d+)", LINE);
        assertEquals(original.pid(), Long.parseLong(moved.group(1)));
        long newPid = Long.parseLong(moved.group(2));
        assertNotEquals(original.pid(), newPid, "the copy has a PID of its own");
        assertEquals("2 pid=" + newPid, copy.stdout().awaitLine(COUNT, LINE).group(),
                "it goes on from the saved count, under its new PID");
        assertTrue(original.isAlive(), "the original runs on");
        ProcessHandle.of(newPid).ifPresent(ProcessHandle::destroyForcibly);
    }

    @Test
    void noRestorePidWithRestorePgidIsRefusedAsBusy() {
        Target original = start("counter", Linkage.DYNAMIC, "stdin");
        Path context = checkpoint(original);
        Outcome refused = commands.restart("--no-restore-pid", "--restore-pgid", context.toString());
        assertEquals(16, refused.exitCode(), refused::describe);
        assertEquals(1, refused.stderr().lines().count(), refused::describe);
    }

    private static MatchResult awaitRole(OutputLines lines, String role) {
        return lines.awaitLine("(" + role + ") pid (\\d+) pgid (\\d+) sid (\\d+)", LINE);
    }
}
