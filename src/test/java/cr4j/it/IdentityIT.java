package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;

/**
 * Sessions and process groups (BLCR-SPEC.md 2.2): restored processes join cr_restart's by
 * default, and get their own back with --restore-sid and --restore-pgid. --no-restore-pid, not
 * done yet, is refused, not ignored.
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
    void newPidsAreRefusedNotIgnored() {
        Path context = checkpoint(start("counter", Linkage.DYNAMIC));
        Outcome noPid = commands.restart("--no-restore-pid", context.toString());
        assertEquals(95, noPid.exitCode(), noPid::describe);
        assertEquals(1, noPid.stderr().lines().count(), noPid::describe);
    }

    private static MatchResult awaitRole(OutputLines lines, String role) {
        return lines.awaitLine("(" + role + ") pid (\\d+) pgid (\\d+) sid (\\d+)", LINE);
    }
}
