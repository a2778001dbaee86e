package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs linked with libcr take part in their checkpoints through callbacks
 * (BLCR-SPEC.md 4.2, doc/libcr-protocol.md): the order in which callbacks run in both contexts,
 * what cr_checkpoint() returns on the continue and restart paths, critical sections, time limits,
 * and the votes that omit a process or cancel the checkpoint.
 */
class LibcrIT extends JobTest {
    private static final int CR_ETEMPFAIL = 2354;
    private static final int CR_EPERMFAIL = 2355;
    private static final int CR_EOMITTED = 2358;
    private static final int SCOPE_TREE = 3;
    /** SIGWINCH: a post-checkpoint signal whose default action is to ignore it. */
    private static final int SIGWINCH = 28;
    private static final int EXIT_TEMPFAIL = 50;
    private static final int EXIT_PERMFAIL = 51;

    @Test
    void callbacksNestLastRegisteredFirstWithThreadContextBeforeSignalContext() throws IOException {
        Target target = start("libcr_order", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        Outcome saved = commands.checkpoint("--signal=" + SIGWINCH, "-f", "order.ctx", Long.toString(target.pid()));
        assertEquals(0, saved.exitCode(), saved::describe);

        String info = " dest=" + dir.toRealPath().resolve("order.ctx") + " signal=" + SIGWINCH + " scope=" + SCOPE_TREE
                + " target=" + target.pid();
        List<String> lines = target.stdout().awaitNextLines(8, LINE);
        assertEquals(List.of("enter thread2" + info, "enter thread1" + info,
                        "enter signal2" + info, "enter signal1" + info),
                lines.subList(0, 4), "every callback enters before any cr_checkpoint() returns: " + lines);
        List<String> leaves = lines.subList(4, 8);
        assertEquals(Set.of("leave thread1 rc=0", "leave thread2 rc=0", "leave signal1 rc=0", "leave signal2 rc=0"),
                Set.copyOf(leaves));
        assertBefore("leave thread1 rc=0", "leave thread2 rc=0", leaves);
        assertBefore("leave signal1 rc=0", "leave signal2 rc=0", leaves);
    }

    @Test
    void checkpointReturnsZeroWhenContinuingAndTheRestartersPidWhenRestarted() {
        Target target = start("libcr_restarted", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);
        checkpoint(target);
        assertEquals(Set.of("thread rc=0", "signal rc=0"), Set.copyOf(target.stdout().awaitNextLines(2, LINE)));

        Path context = checkpointAndKill(target);
        RestartedProcess restored = startRestart(target.pid(), context);
        long restarter = restored.restartPid();
        String info = " requester=" + restarter + " src=" + context;
        assertEquals(Set.of("thread rc=" + restarter + info, "signal rc=" + restarter + info),
                Set.copyOf(restored.stdout().awaitNextLines(2, LINE)));
    }

    @Test
    void callbackClosesAndReopensItsListeningSocketSoTheServerAnswersAfterRestart() throws IOException {
        Target server = start("libcr_tcp", Linkage.LIBCR);
        int port = Integer.parseInt(server.stdout().awaitLine("ready pid=\\d+ port=(\\d+)", LINE).group(1));
        assertServed(port, server.pid(), server::send, server.stdout());

        checkpoint(server);
        assertEquals(List.of("closed port=" + port, "reopened port=" + port + " rc=0"),
                server.stdout().awaitNextLines(2, LINE));
        assertServed(port, server.pid(), server::send, server.stdout());

        Path context = checkpointAndKill(server);
        RestartedProcess restored = startRestart(server.pid(), context);
        assertEquals("reopened port=" + port + " rc=" + restored.restartPid(), restored.stdout().awaitNextLine(LINE));
        assertServed(port, server.pid(), restored::send, restored.stdout());
    }

    @Test
    void listeningSocketLeftOpenDoesNotListenAfterRestart() throws IOException {
        Target server = start("libcr_tcp", Linkage.LIBCR, "without-callback");
        int port = Integer.parseInt(server.stdout().awaitLine("ready pid=\\d+ port=(\\d+)", LINE).group(1));
        Path context = checkpointAndKill(server);

        RestartedProcess restored = startRestart(server.pid(), context);
        restored.send("serve");
        restored.stdout().awaitLine("accept failed errno=\\d+", LINE);
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getByName("127.0.0.1"), port).close(),
                "nothing listens on port " + port + " after the restart");
    }

    @Test
    void skippedSocketIsReportedWithKmsgWarningAndOnlyThen() {
        Target server = start("libcr_tcp", Linkage.LIBCR, "without-callback");
        server.stdout().awaitLine("ready pid=\\d+ port=\\d+", LINE);
        Outcome quiet = commands.checkpoint("-f", "quiet.ctx", Long.toString(server.pid()));
        assertEquals(0, quiet.exitCode(), quiet::describe);
        assertEquals("", quiet.stderr(), "a successful checkpoint prints nothing by default");

        Outcome told = commands.checkpoint("--kmsg-warning", "-f", "told.ctx", Long.toString(server.pid()));
        assertEquals(0, told.exitCode(), told::describe);
        assertTrue(told.stderr().matches("(?s)- warning: skipped a socket \\(descriptor \\d+ of process " + server.pid()
                + "\\)\\.\n"), told::describe);
    }

    @Test
    void criticalSectionHoldsTheCheckpointUntilItIsLeft() {
        Target target = start("libcr_cs", Linkage.LIBCR);
        target.stdout().awaitLine("in-section pid=" + target.pid(), LINE);

        RunningCommand checkpoint = owned(commands.startCheckpoint("-f", "cs.ctx", Long.toString(target.pid())));
        assertEquals("pending", target.stdout().awaitNextLine(LINE));
        assertTrue(checkpoint.isAlive(), () -> "the checkpoint must wait for the section: " + checkpoint.describe());
        assertEquals(List.of(), target.stdout().drainUnread(), "no callback runs while the section is held");

        target.send("leave");
        assertEquals(List.of("leaving", "callback enter", "callback rc=0", "left rc=0", "status=0"),
                target.stdout().awaitNextLines(5, LINE), "the checkpoint runs before cr_leave_cs returns");
        Outcome done = checkpoint.awaitOutcome(Commands.TIMEOUT);
        assertEquals(0, done.exitCode(), done::describe);
    }

    @Test
    void helperThatOmitsItselfIsLeftOutOfTheTreeAndOfItsRestart() {
        Members members = owned(new Members(TestPrograms.path("libcr_helper", Linkage.LIBCR)));
        Target parent = start("libcr_helper", Linkage.LIBCR);
        Map<String, MatchResult> started = new TreeMap<>();
        for (int i = 0; i < 2; i++) {
            MatchResult member = parent.stdout().awaitLine("name=(parent|helper) pid=(\\d+) ppid=(\\d+)", LINE);
            started.put(member.group(1), member);
        }
        long helper = Long.parseLong(started.get("helper").group(2));
        members.add(helper);
        assertEquals(Long.toString(parent.pid()), started.get("helper").group(3), "the helper is the parent's child");

        Path context = checkpointAndKill(parent);
        assertEquals("helper rc=-" + CR_EOMITTED, parent.stdout().awaitLine("helper rc=.*", LINE).group());
        assertTrue(ProcessTable.exists(helper) && ProcessTable.state(helper) != 'Z',
                "the omitted helper gets no post-checkpoint signal and runs on");
        Outcome info = commands.info("--json", context.toString());
        assertTrue(info.stdout().contains("\"pids\":[" + parent.pid() + "]"), info::describe);

        RestartedProcess restored = startRestart(parent.pid(), context);
        assertEquals("parent rc=" + restored.restartPid(), restored.stdout().awaitNextLine(LINE));
        assertEquals(List.of(), restored.restored().orElseThrow().children().map(ProcessHandle::pid).toList(),
                "the restarted parent has no helper");
    }

    @Test
    void hangingCallbackRunsOutOfTimeAndLaterFindsTheCheckpointCancelled() {
        Target target = start("libcr_hang", Linkage.LIBCR);
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        Outcome late = commands.checkpoint("--time", "1", "--kill", "-f", "hang.ctx", Long.toString(target.pid()));
        assertEquals(EXIT_TEMPFAIL, late.exitCode(), late::describe);
        assertTrue(late.stderr().contains("process " + target.pid()), late::describe);
        assertFalse(Files.exists(dir.resolve("hang.ctx")), "a cancelled checkpoint leaves no context");
        assertEquals("callback waiting", target.stdout().awaitNextLine(LINE));
        target.send("ping");
        assertEquals("pong", target.stdout().awaitNextLine(LINE),
                "the process runs on, with no post-checkpoint signal");
        target.send("status");
        assertEquals("status=2", target.stdout().awaitNextLine(LINE), "ACTIVE while its callback still runs");

        target.send("release");
        assertEquals("callback rc=-" + CR_ETEMPFAIL, target.stdout().awaitNextLine(LINE));
        awaitCoordinatorIdle(target.pid());
        checkpoint(target);
        assertEquals("callback rc=0", target.stdout().awaitNextLine(LINE), "the next checkpoint succeeds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"thread", "signal"})
    void temporaryFailureWithACodeCancelsTheCheckpointAndTheProcessRunsOn(String context) {
        Target target = start("libcr_fail", Linkage.LIBCR, context, "temp911");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        Outcome cancelled = commands.checkpoint("--kill", "-f", "fail.ctx", Long.toString(target.pid()));
        assertEquals(911 & 255, cancelled.exitCode(), cancelled::describe);
        assertEquals(List.of("callback voting", "callback rc=-911"), target.stdout().awaitNextLines(2, LINE));
        target.send("status");
        target.stdout().awaitLine("status=\\d", LINE);
        assertTrue(target.isAlive(), "a cancelled checkpoint sends no post-checkpoint signal");
        assertFalse(Files.exists(dir.resolve("fail.ctx")), "a cancelled checkpoint leaves no context");
    }

    @Test
    void permanentFailureKillsTheProcess() {
        Target target = start("libcr_fail", Linkage.LIBCR, "thread", "perm");
        target.stdout().awaitLine("ready pid=" + target.pid(), LINE);

        Outcome killed = commands.checkpoint("-f", "perm.ctx", Long.toString(target.pid()));
        assertEquals(EXIT_PERMFAIL, killed.exitCode(), killed::describe);
        assertEquals(128 + 9, target.awaitExit(LINE), "every process of the scope dies by SIGKILL");
        List<String> lines = target.stdout().awaitEnd(LINE);
        assertTrue(lines.contains("callback voting"), lines::toString);
        String returned = "callback rc=-" + CR_EPERMFAIL;
        assertTrue(lines.stream().filter(line -> line.startsWith("callback rc=")).allMatch(returned::equals),
                () -> "if cr_checkpoint(PERM_FAILURE) returns before the kill, it returns -CR_EPERMFAIL: " + lines);
        assertFalse(Files.exists(dir.resolve("perm.ctx")), "a cancelled checkpoint leaves no context");
    }

    private static void assertBefore(String first, String second, List<String> lines) {
        assertTrue(lines.indexOf(first) < lines.indexOf(second),
                () -> first + " must come before " + second + ": " + lines);
    }

    /**
     * Connects, then lets the server accept: it greets with its pid and closes first, so its side
     * of the connection lingers in TIME_WAIT on the port it listens on again later.
     */
    private static void assertServed(int port, long pid, Consumer<String> send, OutputLines output) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port)) {
            socket.setSoTimeout((int) LINE.toMillis());
            send.accept("serve");
            BufferedReader reply = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("hello pid=" + pid, reply.readLine());
        }
        assertEquals("served", output.awaitNextLine(LINE));
    }

    /**
     * Waits until libcr's coordinator thread drops the busy mark from its name: until then the
     * process still finishes its last round, and a new checkpoint would be refused with EBUSY.
     */
    private static void awaitCoordinatorIdle(long pid) {
        Eventually.until(() -> ProcessTable.threadNames(pid).contains("cr4j-libcr"), LINE,
                () -> "no idle cr4j-libcr thread in " + pid + ": " + ProcessTable.threadNames(pid));
    }
}
