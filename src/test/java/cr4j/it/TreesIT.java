package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A job of several processes (a tree, a process group, a session) is saved and restored as one:
 * every PID and parent link, and the pipes between the members with the bytes in flight.
 */
class TreesIT extends JobTest {
    private static final int RING = 4;
    private static final long TOKEN_BASE = 1_000_000;
    private static final String RING_MEMBER = "member=(\\d) pid=(\\d+) ppid=(\\d+)";
    private static final String FAMILY_MEMBER = "name=([a-z]+) pid=(\\d+) ppid=(\\d+) pgid=(\\d+) sid=(\\d+)";
    private static final Set<String> FAMILY = Set.of("root", "same", "leader", "grouped", "session", "sessioned");
    private static final Set<String> FAMILY_WITH_ORPHAN = Set.of("root", "same", "leader", "grouped", "session", "sessioned",
            "orphan");
    private static final String TREE_NODE = "node=(\\d+) pid=(\\d+) ppid=(\\d+)";
    private static final int TREE_NODES = 16;

    private int contexts;

    @Test
    void ringOfFourPassesItsTokensOnAfterRestart() {
        Members members = members("ring");
        Target ring = start("ring", Linkage.DYNAMIC);
        Map<Integer, Long> pids = ringMembers(ring, members);
        for (int i = 0; i < 10 * RING; i++) {
            RingStep.of(ring.stdout().awaitNextLine(LINE));
        }
        Path context = checkpointAndKill(ring);
        members.awaitAllGone();
        List<RingStep> before = ring.stdout().awaitEnd(LINE).stream()
                .filter(line -> !line.matches(RING_MEMBER)).map(RingStep::of).toList();
        before.forEach(step -> step.assertTaken(pids));
        RingStep lastOfRoot = before.reversed().stream().filter(step -> step.member() == 0).findFirst().orElseThrow();
        assertTrue(lastOfRoot.queued() > 0, () -> "tokens should wait in member 0's pipe: " + lastOfRoot);
        Map<Long, Long> lastNumbers = lastNumberPerToken(before);

        RestartedProcess restored = startRestart(ring.pid(), context);
        List<RingStep> after = new ArrayList<>();
        Map<Long, Long> reached = new HashMap<>(lastNumbers);
        while (reached.entrySet().stream().anyMatch(token -> token.getValue() < lastNumbers.get(token.getKey()) + 2 * RING)) {
            RingStep step = RingStep.of(restored.stdout().awaitNextLine(LINE));
            step.assertTaken(pids);
            after.add(step);
            reached.merge(step.token(), step.number(), Math::max);
        }

        for (long token : lastNumbers.keySet()) {
            List<Long> numbers = after.stream().filter(step -> step.token() == token).map(RingStep::number).toList();
            long first = lastNumbers.get(token) + 1;
            List<Long> expected = IntStream.range(0, numbers.size()).mapToObj(i -> first + i).toList();
            assertEquals(expected, numbers, "token " + token + " must go on from " + first + " with no gap and no repeat");
        }
        assertEquals(pids.keySet(), after.stream().map(RingStep::member).collect(Collectors.toSet()), "every member passes tokens");
        assertEquals(restored.restartPid(), ProcessTable.parent(pids.get(0)), "the ring's root is cr_restart's child");
        for (int member = 1; member < RING; member++) {
            assertEquals(pids.get(0), ProcessTable.parent(pids.get(member)), "member " + member + " is the root's child");
        }
    }

    @Test
    void pidScopeSavesOneMemberAndTheDefaultSavesTheWholeRing() {
        Members members = members("ring");
        Target ring = start("ring", Linkage.DYNAMIC);
        Map<Integer, Long> pids = ringMembers(ring, members);

        assertEquals(Set.of(pids.get(2)), savedPids("--pid", pids.get(2)));
        assertEquals(Set.copyOf(pids.values()), savedPids(null, ring.pid()));

        for (int i = 0; i < 2 * RING; i++) {
            RingStep.of(ring.stdout().awaitNextLine(LINE)).assertTaken(pids);
        }
    }

    @Test
    void pgidAndSidScopesSaveExactlyTheirGroupAndSession() {
        Members members = members("family");
        Target family = start("family", Linkage.DYNAMIC);
        Map<String, Long> pid = familyMembers(family, members, FAMILY);
        assertEquals(family.pid(), pid.get("root"));

        assertEquals(Set.of(pid.get("root"), pid.get("same")), savedPids("--pgid", pid.get("root")));
        assertEquals(Set.of(pid.get("leader"), pid.get("grouped")), savedPids("--pgid", pid.get("leader")));
        assertEquals(Set.of(pid.get("root"), pid.get("same"), pid.get("leader"), pid.get("grouped")),
                savedPids("--sid", pid.get("root")));
        assertEquals(Set.of(pid.get("session"), pid.get("sessioned")), savedPids("--sid", pid.get("session")));
        assertEquals(Set.of(pid.get("root"), pid.get("same"), pid.get("leader"), pid.get("grouped"),
                pid.get("session"), pid.get("sessioned")), savedPids(null, pid.get("root")));
    }

    @Test
    void pgidAndSidScopesIncludeAnOrphanThatTheTreeLeavesOut() {
        Members members = members("family");
        Target family = start("family", Linkage.DYNAMIC, "orphan");
        Map<String, Long> pid = familyMembers(family, members, FAMILY_WITH_ORPHAN);
        assertTrue(!ProcessTable.exists(pid.get("reaped")), "the orphan's parent is reaped");
        long orphan = pid.get("orphan");
        assertEquals(ProcessHandle.current().pid(), ProcessTable.parent(orphan), "the orphan was adopted by the test");

        assertEquals(Set.of(pid.get("leader"), pid.get("grouped"), orphan), savedPids("--pgid", pid.get("leader")));
        assertEquals(Set.of(pid.get("root"), pid.get("same"), pid.get("leader"), pid.get("grouped"), orphan),
                savedPids("--sid", pid.get("root")));
        Set<Long> tree = Set.of(pid.get("root"), pid.get("same"), pid.get("leader"), pid.get("grouped"),
                pid.get("session"), pid.get("sessioned"));
        assertEquals(tree, savedPids(null, pid.get("root")));
    }

    @Test
    void parentReapsTheExitStatusOfItsRestoredChild() {
        Members members = members("waiter");
        Target waiter = start("waiter", Linkage.DYNAMIC);
        waiter.stdout().awaitLine("name=parent pid=" + waiter.pid() + " ppid=\\d+", LINE);
        long child = Long.parseLong(waiter.stdout().awaitLine("name=child pid=(\\d+) ppid=" + waiter.pid(), LINE).group(1));
        members.add(child);
        awaitBlockedIn(child, Syscall.READ);
        awaitBlockedIn(waiter.pid(), Syscall.WAIT4);
        Path context = checkpointAndKill(waiter);
        members.awaitAllGone();

        RestartedProcess restored = startRestart(waiter.pid(), context);
        restored.send("42");

        assertEquals("child=" + child + " exited=42", restored.stdout().awaitNextLine(LINE));
        assertEquals(3, restored.awaitExit(LINE), restored::describe);
    }

    @Test
    void treeOfSixteenComesBackWithEveryPidAndParent() {
        Members members = members("tree");
        Target tree = start("tree", Linkage.DYNAMIC);
        Map<Long, Long> parents = new TreeMap<>();
        for (int i = 0; i < TREE_NODES; i++) {
            MatchResult node = tree.stdout().awaitLine(TREE_NODE, LINE);
            long pid = Long.parseLong(node.group(2));
            parents.put(pid, Long.parseLong(node.group(3)));
            if (pid != tree.pid()) {
                members.add(pid);
            }
        }
        assertEquals(TREE_NODES, parents.size(), () -> "16 distinct PIDs: " + parents);
        Path context = checkpointAndKill(tree);
        members.awaitAllGone();

        RestartedProcess restored = startRestart(tree.pid(), context);
        restored.send("");
        assertEquals("alive pid=" + tree.pid(), restored.stdout().awaitNextLine(LINE));

        parents.put(tree.pid(), restored.restartPid());
        Map<Long, Long> restoredParents = new TreeMap<>();
        parents.keySet().forEach(pid -> restoredParents.put(pid, ProcessTable.parent(pid)));
        assertEquals(parents, restoredParents, "PID -> parent PID of every node, the root under cr_restart");
        parents.keySet().forEach(pid -> assertTrue("RST".indexOf(ProcessTable.state(pid)) >= 0,
                () -> "node " + pid + " should be alive, state " + ProcessTable.state(pid)));
    }

    @Test
    void pipeBetweenParentAndChildKeepsItsUnreadBytes() {
        byte[] payload = IntStream.rangeClosed(1, 2000).mapToObj(n -> "piece " + n + "\n")
                .collect(Collectors.joining()).getBytes(StandardCharsets.US_ASCII);
        int read = 100;
        Members members = members("pipe_pair");
        Target pair = start("pipe_pair", Linkage.DYNAMIC);
        String first = new String(payload, 0, read, StandardCharsets.US_ASCII).replace('\n', '|');
        long child = -1;
        boolean written = false;
        while (child < 0 || !written) {
            String line = pair.stdout().awaitNextLine(LINE);
            Matcher reading = Pattern.compile("child=(\\d+) first=(.*)").matcher(line);
            if (reading.matches()) {
                child = Long.parseLong(reading.group(1));
                assertEquals(first, reading.group(2), "the child's first read");
            } else {
                assertEquals("written bytes=" + payload.length, line);
                written = true;
            }
        }
        members.add(child);
        awaitBlockedIn(child, Syscall.READ);
        awaitBlockedIn(pair.pid(), Syscall.WAIT4);
        Path context = checkpointAndKill(pair);
        members.awaitAllGone();

        RestartedProcess restored = startRestart(pair.pid(), context);
        restored.send("");

        assertEquals("nonblock=1", restored.stdout().awaitNextLine(LINE), "the child's end keeps O_NONBLOCK");
        assertEquals("rest bytes=" + (payload.length - read) + " fnv1a=" + fnv1a(payload, read),
                restored.stdout().awaitNextLine(LINE), "the unread bytes, no more and no fewer");
        assertEquals("child exited=0", restored.stdout().awaitNextLine(LINE));
        assertEquals(0, restored.awaitExit(LINE), restored::describe);
    }

    /** A step of ring.c: a member got a number; the token is which of the four, the hop how far it went. */
    private record RingStep(int member, long pid, long number, int queued) {
        private static final Pattern STEP = Pattern.compile("member=(\\d) pid=(\\d+) got=(\\d+) queued=(-?\\d+)");

        static RingStep of(String line) {
            Matcher step = STEP.matcher(line);
            if (!step.matches()) {
                fail("the ring printed \"" + line + "\" instead of a step");
            }
            return new RingStep(Integer.parseInt(step.group(1)), Long.parseLong(step.group(2)),
                    Long.parseLong(step.group(3)), Integer.parseInt(step.group(4)));
        }

        long token() {
            return number / TOKEN_BASE;
        }

        /** The member runs with its first PID and reads the pipe that the hop leads to (member 0 writes hop 0 to member 1). */
        void assertTaken(Map<Integer, Long> pids) {
            assertEquals(pids.get(member), pid, () -> "member " + member + " runs with another PID: " + this);
            assertEquals((number % TOKEN_BASE + 1) % RING, member, () -> "the number reached the wrong member: " + this);
        }
    }

    private static Map<Long, Long> lastNumberPerToken(List<RingStep> steps) {
        Map<Long, Long> last = new TreeMap<>();
        steps.forEach(step -> last.merge(step.token(), step.number(), Math::max));
        assertEquals(RING, last.size(), () -> "every token went round before the checkpoint: " + last);
        return last;
    }

    /** Registers the job's non-root processes to be killed and reaped after the root and any cr_restart. */
    private static Map<Integer, Long> ringMembers(Target ring, Members members) {
        Map<Integer, Long> pids = new TreeMap<>();
        while (pids.size() < RING) {
            MatchResult member = ring.stdout().awaitLine(RING_MEMBER, LINE);
            pids.put(Integer.parseInt(member.group(1)), Long.parseLong(member.group(2)));
        }
        assertEquals(ring.pid(), pids.get(0), "member 0 is the process the test started");
        pids.entrySet().stream().filter(member -> member.getKey() != 0).forEach(member -> members.add(member.getValue()));
        return pids;
    }

    /**
     * Reads the lines of family.c until every member is in place (and, with an orphan, its parent
     * reaped: "reaped" maps to that parent's PID) and checks that groups and sessions are as it says.
     */
    private static Map<String, Long> familyMembers(Target family, Members members, Set<String> names) {
        boolean withOrphan = names.contains("orphan");
        Map<String, MatchResult> lines = new HashMap<>();
        Map<String, Long> pid = new TreeMap<>();
        Pattern member = Pattern.compile(FAMILY_MEMBER);
        Pattern reaped = Pattern.compile("name=leader reaped=(\\d+)");
        while (!lines.keySet().equals(names) || withOrphan && !pid.containsKey("reaped")) {
            String line = family.stdout().awaitNextLine(LINE);
            Matcher placed = member.matcher(line);
            Matcher maker = reaped.matcher(line);
            if (placed.matches()) {
                lines.put(placed.group(1), placed.toMatchResult());
                pid.put(placed.group(1), Long.parseLong(placed.group(2)));
            } else if (maker.matches()) {
                pid.put("reaped", Long.parseLong(maker.group(1)));
            } else {
                fail("family printed \"" + line + "\"");
            }
        }
        lines.forEach((name, line) -> {
            if (!name.equals("root")) {
                members.add(Long.parseLong(line.group(2)));
            }
        });
        assertFamily(lines, "root", pid.get("root"), pid.get("root"));
        assertFamily(lines, "same", pid.get("root"), pid.get("root"));
        assertFamily(lines, "leader", pid.get("leader"), pid.get("root"));
        assertFamily(lines, "grouped", pid.get("leader"), pid.get("root"));
        assertFamily(lines, "session", pid.get("session"), pid.get("session"));
        assertFamily(lines, "sessioned", pid.get("session"), pid.get("session"));
        if (withOrphan) {
            assertFamily(lines, "orphan", pid.get("leader"), pid.get("root"));
        }
        return pid;
    }

    private static void assertFamily(Map<String, MatchResult> lines, String name, long pgid, long sid) {
        MatchResult line = lines.get(name);
        assertEquals(pgid + " " + sid, line.group(4) + " " + line.group(5), () -> "pgid and sid of " + line.group());
    }

    /** Checkpoints the ID with the scope option (null: the default) into a new file; the PIDs cr_info lists. */
    private Set<Long> savedPids(String scope, long id) {
        Path context = dir.resolve("context." + ++contexts);
        List<String> args = new ArrayList<>();
        if (scope != null) {
            args.add(scope);
        }
        args.addAll(List.of("-f", context.toString(), Long.toString(id)));
        Outcome checkpoint = commands.checkpoint(args.toArray(String[]::new));
        assertEquals(0, checkpoint.exitCode(), checkpoint::describe);
        List<SavedProcess> saved = SavedProcess.in(commands.info("--json", context.toString()));
        Set<Long> pids = saved.stream().map(SavedProcess::pid).collect(Collectors.toSet());
        assertEquals(saved.size(), pids.size(), () -> "each process listed once: " + saved);
        return pids;
    }

    private static String fnv1a(byte[] bytes, int from) {
        long hash = 0xcbf29ce484222325L;
        for (int i = from; i < bytes.length; i++) {
            hash ^= bytes[i] & 0xff;
            hash *= 0x100000001b3L;
        }
        return String.format("%016x", hash);
    }
}
