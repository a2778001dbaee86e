package cr4j.sys;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * File access as another user: file-system IDs and supplementary groups are per thread in the
 * kernel (the raw system calls, unlike glibc's, change only the calling thread), so a thread of
 * its own takes them, does the work and ends. Setting a non-zero fsuid also clears the file
 * capabilities (CAP_DAC_OVERRIDE...) of that thread: it can open exactly what the user can.
 */
public final class FsIdentity {
    private static final int SETFSUID = 122, SETFSGID = 123;

    private FsIdentity() {}

    public static <T> T callAs(int uid, int gid, List<Integer> groups, Tracer.Task<T> task) throws IOException {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = Thread.ofPlatform().name("cr4j-fs-" + uid).start(() -> {
            try {
                become(uid, gid, groups);
                result.set(task.run());
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening files as uid " + uid, e);
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) throw io;
        if (t instanceof RuntimeException re) throw re;
        if (t instanceof Error err) throw err;
        return result.get();
    }

    private static void become(int uid, int gid, List<Integer> groups) throws SyscallException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment list = arena.allocate(JAVA_INT, Math.max(1, groups.size()));
            for (int i = 0; i < groups.size(); i++) {
                list.setAtIndex(JAVA_INT, i, groups.get(i));
            }
            Syscall.call("setgroups", Syscall.SETGROUPS, groups.size(), list.address());
        }
        Syscall.call("setfsgid(" + gid + ")", SETFSGID, gid);
        Syscall.call("setfsuid(" + uid + ")", SETFSUID, uid);
        // setfsuid and setfsgid report no error: read the IDs back.
        if (Syscall.call("setfsuid", SETFSUID, -1) != uid || Syscall.call("setfsgid", SETFSGID, -1) != gid) {
            throw new SyscallException("setfsuid(" + uid + ")/setfsgid(" + gid + ")", Errno.EPERM);
        }
    }
}
