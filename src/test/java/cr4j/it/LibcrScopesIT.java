package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints of two libcr processes (BLCR-SPEC.md 4.3 cr_forward_checkpoint, 6.3 stage0003, 6.4
 * forward): a callback that adds a process outside the request's scope, and a process group whose
 * members run their callbacks in one coordinated checkpoint.
 */
class LibcrScopesIT extends JobTest {
    private static final int EPERM = 1;
    private static final int ESRCH = 3;
    private static final Pattern PIDS = Pattern.compile("\"pids\":\\[([\\d,]*)\\]");

    @Test
    void callbackForwardsTheCheckpointToAChildOutsideTheScope() {
        Members members = owned(new Members(TestPrograms.path("libcr_forward", Linkage.LIBCR)));
        Target parent = start("libcr_forward", Linkage.LIBCR);
        long child = Long.parseLong(parent.stdout().awaitLine("ready pid=" + parent.pid() + " child=(\\d+)", LINE).group(1));
        members.add(child);

        Path context = dir.resolve("forward.ctx");
        Outcome saved = commands.checkpoint("--pid", "-f", context.toString(), Long.toString(parent.pid()));
        assertEquals(0, saved.exitCode(), saved::describe);
        assertEquals(List.of("forward -1 rc=-1 errno=" + ESRCH, "forward 1 rc=-1 errno=" + EPERM,
                "forward child rc=0 errno=0"), parent.stdout().awaitNextLines(3, LINE));
        assertEquals(Set.of("child rc=0", "parent rc=0"), Set.copyOf(parent.stdout().awaitNextLines(2, LINE)),
                "the child's own callback runs in the forwarded checkpoint");
        assertEquals(Set.of(parent.pid(), child), savedPids(context));
    }

    /**
     * A callback forwards with its own rights, not the checkpointer's: root checkpointing an
     * ordinary user's job must not be led to save, or signal, a process the user may not touch.
     */
    @Test
    void callbackOfAnOrdinaryUserCannotForwardToAProcessItMayNotSignal() {
        assumeTrue(Commands.canSwitchUser(), "setpriv or the user nobody is missing");
        Target rootOwned = start("counter", Linkage.DYNAMIC);
        rootOwned.stdout().awaitLine(COUNT, LINE);
        Path program = TestPrograms.path("libcr_forward_to", Linkage.LIBCR);
        Target job = start(Path.of("/usr/bin/setpriv"), "--reuid=65534", "--regid=65534", "--clear-groups",
                "/usr/bin/env", "LD_LIBRARY_PATH=" + Project.home().resolve("lib"), program.toString(),
                Long.toString(rootOwned.pid()));
        job.stdout().awaitLine("ready pid=" + job.pid(), LINE);

        Path context = dir.resolve("forward.ctx");
        Outcome saved = commands.checkpoint("--term", "-f", context.toString(), Long.toString(job.pid()));
        assertEquals(0, saved.exitCode(), saved::describe);
        assertEquals(List.of("forward rc=-1 errno=" + EPERM, "callback rc=0"), job.stdout().awaitNextLines(2, LINE));
        assertEquals(Set.of(job.pid()), savedPids(context));
        assertTrue(rootOwned.isAlive(), "the root process got no post-checkpoint signal");
    }

    @Test
    void processGroupCheckpointRunsTheCallbacksOfBothMembersTogether() {
        Members members = owned(new Members(TestPrograms.path("libcr_group", Linkage.LIBCR)));
        Target parent = start("libcr_group", Linkage.LIBCR);
        MatchResult ready = parent.stdout().awaitLine("ready pid=" + parent.pid() + " child=(\\d+) pgid=(\\d+)", LINE);
        long child = Long.parseLong(ready.group(1));
        members.add(child);
        assertEquals(Long.toString(parent.pid()), ready.group(2), "the parent leads a group of its own");

        Path context = dir.resolve("group.ctx");
        Outcome saved = commands.checkpoint("--pgid", ready.group(2), "-f", context.toString());
        assertEquals(0, saved.exitCode(), saved::describe);
        List<String> lines = parent.stdout().awaitNextLines(4, LINE);
        assertEquals(Set.of("parent enter", "child enter"), Set.copyOf(lines.subList(0, 2)),
                () -> "both callbacks reach cr_checkpoint() before either continues: " + lines);
        assertEquals(Set.of("parent rc=0", "child rc=0"), Set.copyOf(lines.subList(2, 4)), lines::toString);
        assertEquals(Set.of(parent.pid(), child), savedPids(context));
    }

    /** The PIDs cr_info lists for the context. */
    private Set<Long> savedPids(Path context) {
        Outcome info = commands.info("--json", context.toString());
        Matcher pids = PIDS.matcher(info.stdout());
        assertTrue(info.exitCode() == 0 && pids.find(), info::describe);
        return Arrays.stream(pids.group(1).split(",")).filter(pid -> !pid.isEmpty()).map(Long::valueOf)
                .collect(Collectors.toSet());
    }
}
