package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.MatchResult;
import org.junit.jupiter.api.Test;

/**
 * What processes of one job share stays shared after a restart: anonymous shared memory, an open
 * file description with its offset, a named FIFO with its bytes, and a child that ended but is
 * not yet waited for.
 */
class SharingIT extends JobTest {
    @Test
    void sharedAnonymousMemoryWrittenByTheChildIsSeenByTheParent() {
        Members members = members("shared_memory");
        Target parent = start("shared_memory", Linkage.DYNAMIC);
        long child = Long.parseLong(parent.stdout().awaitLine("child (\\d+)", LINE).group(1));
        members.add(child);
        parent.send("read");
        long before = Long.parseLong(parent.stdout().awaitLine("value (\\d+) marker (\\d+)", LINE).group(1));
        Path context = checkpointAndKill(parent);
        members.awaitAllGone();

        RestartedProcess restored = startRestart(parent.pid(), context);
        restored.send("read");
        MatchResult after = restored.stdout().awaitLine("value (\\d+) marker (\\d+)", LINE);
        assertTrue(Long.parseLong(after.group(1)) > before, "the child's count goes on in the shared memory");
        assertEquals(child, Long.parseLong(after.group(2)), "what the child wrote before is still there");
    }

    @Test
    void fileOffsetSharedByParentAndChildStaysShared() throws Exception {
        Members members = members("shared_offset");
        Path file = dir.resolve("shared.txt");
        Target parent = start("shared_offset", Linkage.DYNAMIC, file.toString());
        members.add(Long.parseLong(parent.stdout().awaitLine("child (\\d+)", LINE).group(1)));
        for (int n = 1; n <= 2; n++) {
            parent.send("write");
            parent.stdout().awaitLine("wrote " + n, LINE);
        }
        Path context = checkpointAndKill(parent);
        members.awaitAllGone();

        RestartedProcess restored = startRestart(parent.pid(), context);
        for (int n = 3; n <= 5; n++) {
            restored.send("write");
            restored.stdout().awaitLine("wrote " + n, LINE);
        }
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            expected.add("parent " + n);
            expected.add("child " + n);
        }
        assertEquals(expected, Files.readAllLines(file), "parent and child write through one offset");
    }

    @Test
    void namedFifoKeepsItsUnreadBytesAndComesBackWhenRemoved() throws Exception {
        Members members = members("fifo_pair");
        Path fifo = dir.resolve("fifo");
        Target parent = start("fifo_pair", Linkage.DYNAMIC, fifo.toString());
        members.add(Long.parseLong(parent.stdout().awaitLine("child (\\d+)", LINE).group(1)));
        parent.stdout().awaitLine("written", LINE);
        parent.send("read");
        parent.stdout().awaitLine("got aa", LINE);
        Path context = checkpointAndKill(parent);
        members.awaitAllGone();
        Files.delete(fifo);

        RestartedProcess restored = startRestart(parent.pid(), context);
        for (String expected : List.of("bb", "cc", "dd")) {
            restored.send("read");
            restored.stdout().awaitLine("got " + expected, LINE);
        }
        assertTrue(Files.exists(fifo), "the FIFO is made again where it was");
    }

    @Test
    void zombieChildIsStillThereToBeReaped() {
        Members members = members("zombie_child");
        Target parent = start("zombie_child", Linkage.DYNAMIC);
        long child = Long.parseLong(parent.stdout().awaitLine("child (\\d+)", LINE).group(1));
        members.add(child);
        Eventually.until(() -> ProcessTable.state(child) == 'Z', LINE, () -> "child " + child + " never became a zombie");
        Path context = checkpointAndKill(parent);
        members.awaitAllGone();

        RestartedProcess restored = startRestart(parent.pid(), context);
        Eventually.until(() -> ProcessTable.exists(child) && ProcessTable.state(child) == 'Z', LINE,
                () -> "the restart did not bring back the zombie " + child);
        assertEquals(parent.pid(), ProcessTable.parent(child), "the zombie is under its restored parent");
        restored.send("reap");
        restored.stdout().awaitLine("reaped " + child + " exit 42", LINE);
    }
}
