package cr4j.libcr;

import cr4j.libcr.LibcrMessage.Type;
import cr4j.sys.SyscallException;
import cr4j.sys.UnixSocket;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * libcr's socket to the checkpointer, the descriptor its coordinator waits on for the verdict
 * (doc/libcr-protocol.md, steps 6 and 8). It is saved as what it is for, not as a socket (see
 * FileDescriptors); at restart the process finds at its number a socket that holds the verdict
 * RESTARTED.
 */
public final class LibcrChannel implements AutoCloseable {
    private final byte[] restarted;
    private final List<UnixSocket> made = new ArrayList<>();

    /** The channels of a restart from the context file called NAME, by this process. */
    public LibcrChannel(String name) {
        restarted = new LibcrMessage(Type.RESTARTED, (int) ProcessHandle.current().pid(), 0, 0, 0, source(name)).encode();
    }

    /** A socket of this process to hand in at a channel's number: RESTARTED is waiting in it. */
    public int restartedEnd() throws SyscallException {
        UnixSocket[] pair = UnixSocket.pair();
        made.add(pair[0]);
        made.add(pair[1]);
        pair[0].send(restarted);
        return pair[1].fd();
    }

    /** The absolute path of the context file, or "" when it was read from a descriptor. */
    private static String source(String name) {
        try {
            Path path = Path.of(name);
            return Files.isRegularFile(path) ? path.toAbsolutePath().normalize().toString() : "";
        } catch (InvalidPathException notAPath) {
            return "";
        }
    }

    @Override
    public void close() {
        made.forEach(UnixSocket::close);
        made.clear();
    }
}
