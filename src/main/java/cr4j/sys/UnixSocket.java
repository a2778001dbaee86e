package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A local SOCK_SEQPACKET socket: one datagram per message, a connection per peer, and the
 * kernel's word on who the peer is (SO_PEERCRED). java.nio's Unix channels know neither sequenced
 * packets nor abstract names, which need no directory both sides may write.
 */
public final class UnixSocket implements AutoCloseable {
    private static final int AF_UNIX = 1, SOCK_SEQPACKET = 5, SOCK_CLOEXEC = 0x80000;
    private static final int SOL_SOCKET = 1, SO_PEERCRED = 17, MSG_NOSIGNAL = 0x4000;
    private static final int SOCKET = 41, SENDTO = 44, RECVFROM = 45, BIND = 49, LISTEN = 50;
    private static final int SOCKETPAIR = 53, GETSOCKOPT = 55, ACCEPT4 = 288;
    /** sizeof(struct sockaddr_un). */
    private static final int ADDRESS_SIZE = 110;
    private static final int MAX_MESSAGE = 8192;

    private final int fd;
    private boolean closed;

    private UnixSocket(int fd) {
        this.fd = fd;
    }

    public int fd() {
        return fd;
    }

    /** A socket listening on the abstract address NAME (no file; gone with its last descriptor). */
    public static UnixSocket listen(String name) throws SyscallException {
        UnixSocket s = new UnixSocket((int) Syscall.call("socket(AF_UNIX)", SOCKET, AF_UNIX,
                SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
        try (Arena arena = Arena.ofConfined()) {
            byte[] path = name.getBytes(StandardCharsets.UTF_8);
            MemorySegment address = arena.allocate(ADDRESS_SIZE);
            address.set(JAVA_SHORT, 0, (short) AF_UNIX);
            // sun_path[0] stays 0: the name is abstract, and its length is the address length.
            MemorySegment.copy(path, 0, address, JAVA_BYTE, 3, path.length);
            Syscall.call("bind(@" + name + ")", BIND, s.fd, address.address(), 3L + path.length);
            Syscall.call("listen(@" + name + ")", LISTEN, s.fd, 64);
            return s;
        } catch (SyscallException e) {
            s.close();
            throw e;
        }
    }

    /** Two connected sockets. */
    public static UnixSocket[] pair() throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            Syscall.call("socketpair(AF_UNIX)", SOCKETPAIR, AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds.address());
            return new UnixSocket[] {new UnixSocket(fds.getAtIndex(JAVA_INT, 0)), new UnixSocket(fds.getAtIndex(JAVA_INT, 1))};
        }
    }

    /** The next connection of this listening socket; the caller has seen it readable. */
    public UnixSocket accept() throws SyscallException {
        return new UnixSocket((int) Syscall.call("accept4", ACCEPT4, fd, 0, 0, SOCK_CLOEXEC));
    }

    /** The process ID of the peer, as the kernel recorded it when the connection was made. */
    public int peerPid() throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cred = arena.allocate(JAVA_INT, 3);
            MemorySegment length = arena.allocateFrom(JAVA_INT, 12);
            Syscall.call("getsockopt(SO_PEERCRED)", GETSOCKOPT, fd, SOL_SOCKET, SO_PEERCRED, cred.address(),
                    length.address());
            return cred.getAtIndex(JAVA_INT, 0);
        }
    }

    /** Sends MESSAGE as one datagram; a peer that has gone is EPIPE, not SIGPIPE. */
    public void send(byte[] message) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(Math.max(1, message.length));
            MemorySegment.copy(message, 0, buffer, JAVA_BYTE, 0, message.length);
            Syscall.call("send", SENDTO, fd, buffer.address(), message.length, MSG_NOSIGNAL, 0, 0);
        }
    }

    /** The next datagram; an empty array when the peer has closed its end. */
    public byte[] receive() throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(MAX_MESSAGE);
            int n = (int) Syscall.call("recv", RECVFROM, fd, buffer.address(), MAX_MESSAGE, 0, 0, 0);
            return buffer.asSlice(0, n).toArray(JAVA_BYTE);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LocalFiles.close(fd);
        }
    }
}
