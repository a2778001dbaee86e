package cr4j.sys;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * struct clone_args of clone3(2) for creating a task with a chosen ID: set_tid names it, and
 * exit_signal stays 0, as CLONE_PARENT and CLONE_THREAD require (KERNEL-NOTES R3).
 */
public final class CloneArgs {
    /** sizeof(struct clone_args) up to set_tid_size (CLONE_ARGS_SIZE_VER1). */
    public static final int SIZE = 88;

    private CloneArgs() {}

    /** Runs clone3(FLAGS, set_tid = [ID]) in the task REMOTE runs in; returns rax as is. */
    public static long cloneWithId(RemoteSyscall remote, long flags, int id) throws IOException {
        return cloneWithId(remote, flags, id, 0);
    }

    /**
     * The same, for a child that signals its parent with EXIT_SIGNAL when it ends. ID 0 lets the
     * kernel choose, as a plain clone.
     */
    public static long cloneWithId(RemoteSyscall remote, long flags, int id, int exitSignal) throws IOException {
        remote.resetScratch();
        long setTid = remote.put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, id).array());
        ByteBuffer args = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        args.putLong(0, flags).putLong(32, exitSignal);
        if (id != 0) {
            args.putLong(64, setTid).putLong(72, 1);
        }
        return remote.callRaw(Syscall.CLONE3, remote.put(args.array()), SIZE);
    }
}
