package cr4j.libcr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cr4j.libcr.LibcrMessage.Type;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;
import cr4j.sys.Syscall;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The datagrams of doc/libcr-protocol.md, and what a process may not send. */
class LibcrMessageTest {
    private static final int DUP = 32;
    @Test
    void requestKeepsEveryFieldAndThePath() throws Exception {
        LibcrMessage request = new LibcrMessage(Type.REQUEST, 10, 20, 3, 15, "/tmp/context.20");
        byte[] datagram = request.encode();
        assertEquals(24 + "/tmp/context.20".length(), datagram.length);
        assertEquals(request, LibcrMessage.decode(datagram, 20));
    }

    @Test
    void theHeaderIsTheDocumentedOne() {
        byte[] ready = LibcrMessage.of(Type.READY, 7).encode();
        // "CR4J" little-endian, version 1, type 2, a = 7.
        assertArrayEquals(new byte[] {0x43, 0x52, 0x34, 0x4A, 1, 0, 2, 0, 7, 0, 0, 0}, Arrays.copyOf(ready, 12));
    }

    @Test
    void foreignShortOrUnknownMessagesAreRefused() {
        byte[] good = LibcrMessage.of(Type.OMIT, 0).encode();
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 'X';
        byte[] unknownType = good.clone();
        unknownType[6] = 99;
        byte[] newerVersion = good.clone();
        newerVersion[4] = 2;
        for (byte[] bad : new byte[][] {wrongMagic, unknownType, newerVersion, Arrays.copyOf(good, 23), new byte[5000]}) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> LibcrMessage.decode(bad, 42));
            assertEquals(Errno.EPROTO, e.errno());
        }
    }

    @Test
    void theRestartChannelHoldsRestartedWithTheSourceAndThenEnds() throws Exception {
        try (LibcrChannel channels = new LibcrChannel("/nonexistent/context")) {
            // The restored process holds a copy of its own, as pidfd_getfd gives it.
            int end = (int) Syscall.call("dup", DUP, channels.restartedEnd());
            LibcrMessage m = LibcrMessage.decode(read(end), 0);
            assertEquals(Type.RESTARTED, m.type());
            assertEquals(ProcessHandle.current().pid(), m.a());
            assertEquals("", m.path(), "a context that is not a file has no source path");
            channels.close();
            assertEquals(0, read(end).length, "nothing follows: the other end is closed");
            Syscall.call("close", Syscall.CLOSE, end);
        }
    }

    private static byte[] read(int fd) throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(8192);
            int n = (int) Syscall.call("read", Syscall.READ, fd, buffer.address(), 8192);
            return buffer.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        }
    }
}
