package cr4j.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The bytes in flight in a pipe, read without taking them (tee(2) duplicates them into a pipe of
 * ours), and new pipes of this process that hold given bytes, to hand to restored processes.
 */
public final class PipeBuffer {
    private static final int O_RDONLY_NONBLOCK = 0x800, O_RDWR = 2, O_CLOEXEC = 0x80000;
    private static final int F_SETPIPE_SZ = 1031, F_GETPIPE_SZ = 1032;
    private static final int SPLICE_F_NONBLOCK = 2;

    private PipeBuffer() {}

    /** Capacity and unread bytes of the pipe that PATH (/proc/PID/fd/N) leads to. */
    public record Content(int size, byte[] data) {}

    public static Content peek(String path) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            int source = LocalFiles.open(path, O_RDONLY_NONBLOCK, -1);
            try {
                int size = (int) Syscall.call("fcntl(F_GETPIPE_SZ)", Syscall.FCNTL, source, F_GETPIPE_SZ);
                return new Content(size, duplicate(arena, source, size));
            } finally {
                LocalFiles.close(source);
            }
        }
    }

    private static byte[] duplicate(Arena arena, int source, int size) throws SyscallException {
        int[] copy = newPipe(arena, size);
        try {
            long n;
            try {
                n = Syscall.call("tee", Syscall.TEE, source, copy[1], size, SPLICE_F_NONBLOCK);
            } catch (SyscallException e) {
                if (e.errno() != Errno.EAGAIN) {
                    throw e;
                }
                n = 0;  // an empty pipe
            }
            MemorySegment buffer = arena.allocate(Math.max(n, 1));
            long done = 0;
            while (done < n) {
                done += Syscall.call("read", Syscall.READ, copy[0], buffer.address() + done, n - done);
            }
            return buffer.asSlice(0, n).toArray(JAVA_BYTE);
        } finally {
            LocalFiles.close(copy[0]);
            LocalFiles.close(copy[1]);
        }
    }

    /** A new pipe of capacity SIZE holding DATA; {read end, write end}, both close-on-exec. */
    public static int[] create(int size, byte[] data) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            int[] ends = newPipe(arena, size);
            fill(arena, ends[1], data);
            return ends;
        }
    }

    private static void fill(Arena arena, int fd, byte[] data) throws SyscallException {
        MemorySegment bytes = arena.allocate(Math.max(data.length, 1));
        bytes.copyFrom(MemorySegment.ofArray(data));
        long done = 0;
        while (done < data.length) {
            done += Syscall.call("write to a pipe", Syscall.WRITE, fd, bytes.address() + done, data.length - done);
        }
    }

    private static int[] newPipe(Arena arena, int size) throws SyscallException {
        MemorySegment fds = arena.allocate(JAVA_INT, 2);
        Syscall.call("pipe2", Syscall.PIPE2, fds.address(), O_CLOEXEC);
        int[] ends = {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        try {
            resize(ends[0], size);
        } catch (SyscallException e) {
            LocalFiles.close(ends[0]);
            LocalFiles.close(ends[1]);
            throw e;
        }
        return ends;
    }

    /**
     * Opens the FIFO at PATH for reading and writing, which never waits for another end, and
     * fills it as create() fills a pipe; the descriptor holds the FIFO and its bytes while its
     * ends are opened and handed out.
     */
    public static int holdFifo(String path, int size, byte[] data) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            int fd = LocalFiles.open(path, O_RDWR, -1);
            try {
                resize(fd, size);
                fill(arena, fd, data);
            } catch (SyscallException e) {
                LocalFiles.close(fd);
                throw e;
            }
            return fd;
        }
    }

    private static void resize(int fd, int size) throws SyscallException {
        Syscall.call("fcntl(F_SETPIPE_SZ, " + size + ")", Syscall.FCNTL, fd, F_SETPIPE_SZ, size);
    }
}
