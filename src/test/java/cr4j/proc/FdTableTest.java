package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FdTableTest {
    private static final int O_WRONLY = 1;

    @Test
    void targetDescriptorsShowTheirKindsOffsetsAndFlags() throws IOException {
        try (TargetProcess target = TargetProcess.start()) {
            Map<Integer, OpenFd> fds = FdTable.read(target.pid).stream()
                    .collect(Collectors.toMap(OpenFd::fd, Function.identity()));

            OpenFd log = fds.get(TargetProcess.LOG_FD);
            assertEquals(target.dir.resolve("log").toString(), log.path());
            assertEquals(123, log.pos());
            assertEquals(O_WRONLY, log.accessMode());
            assertTrue((log.flags() & OpenFd.O_APPEND) != 0);
            assertFalse(log.cloexec());
            assertEquals(Files.getAttribute(target.dir.resolve("log"), "unix:ino"), log.ino());

            OpenFd read = fds.get(TargetProcess.PIPE_READ_FD);
            OpenFd write = fds.get(TargetProcess.PIPE_WRITE_FD);
            assertTrue(read.isPipe() && write.isPipe());
            assertEquals(read.target(), write.target());
            assertFalse(read.cloexec());
            assertTrue(write.cloexec());

            OpenFd gone = fds.get(TargetProcess.DELETED_FD);
            assertTrue(gone.isDeleted());
            assertEquals(target.dir.resolve("gone").toString(), gone.path());
        }
    }

    @Test
    void selfHasSortedDescriptorsFromZero() throws IOException {
        List<OpenFd> fds = FdTable.read((int) ProcessHandle.current().pid());
        assertEquals(0, fds.getFirst().fd());
        assertEquals(fds.stream().map(OpenFd::fd).sorted().toList(), fds.stream().map(OpenFd::fd).toList());
    }

    @Test
    void fdinfoOfAnEventfdKeepsTheStandardFields() throws IOException {
        OpenFd fd = FdTable.parse("fdinfo/4", 4, "anon_inode:[eventfd]",
                "pos:\t0\nflags:\t02004002\nmnt_id:\t15\nino:\t1057\neventfd-count:\t5\neventfd-id: 3\n");
        assertTrue(fd.isAnonInode());
        assertFalse(fd.isPipe() || fd.isSocket() || fd.isDeleted());
        assertTrue(fd.cloexec());
        assertEquals(02004002, fd.flags());
        assertEquals(1057, fd.ino());
        assertTrue(FdTable.parse("f", 5, "socket:[5]", "pos:\t0\nflags:\t02\nmnt_id:\t9\n").isSocket());
        assertEquals(0, FdTable.parse("f", 5, "socket:[5]", "pos:\t0\nflags:\t02\nmnt_id:\t9\n").ino());
    }

    @Test
    void malformedFdinfoIsRefused() {
        var e = assertThrows(MalformedProcFileException.class,
                () -> FdTable.parse("/proc/1/fdinfo/3", 3, "/x", "pos:\t0\nflags:\t0800\nmnt_id:\t1\n"));
        assertTrue(e.getMessage().startsWith("/proc/1/fdinfo/3 line 2: flags '0800' is not an octal"), e.getMessage());
        var missing = assertThrows(MalformedProcFileException.class,
                () -> FdTable.parse("/proc/1/fdinfo/3", 3, "/x", "flags:\t02\nmnt_id:\t1\n"));
        assertEquals("/proc/1/fdinfo/3: required key pos is missing", missing.getMessage());
        assertThrows(MalformedProcFileException.class,
                () -> FdTable.parse("f", 3, "/x", "pos 0\nflags:\t02\nmnt_id:\t1\n"));
    }
}
