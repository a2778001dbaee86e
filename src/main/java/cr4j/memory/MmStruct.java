package cr4j.memory;

import cr4j.image.proto.MmLayout;
import cr4j.proc.ProcStat;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The mm_struct fields a process's memory layout hangs on: code, data, brk, stack, argument and
 * environment ranges, the auxiliary vector and /proc/PID/exe. Restored in one
 * prctl(PR_SET_MM, PR_SET_MM_MAP), which needs CAP_CHECKPOINT_RESTORE or CAP_SYS_ADMIN but not
 * CAP_SYS_RESOURCE, unlike the single-field PR_SET_MM_* calls (KERNEL-NOTES, "Found later").
 */
public final class MmStruct {
    private static final int PR_SET_MM = 35, PR_SET_MM_MAP = 14;
    private static final int PRCTL_MM_MAP_SIZE = 104;
    private static final int O_RDONLY = 0;

    private MmStruct() {}

    /** The layout from /proc/PID/stat, and brk, which only the process can tell. */
    public static MmLayout capture(ProcStat stat, RemoteSyscall remote) throws IOException {
        long brk = remote.call("brk(0)", Syscall.BRK, 0);
        return MmLayout.newBuilder()
                .setStartCode(stat.startCode()).setEndCode(stat.endCode())
                .setStartData(stat.startData()).setEndData(stat.endData())
                .setStartBrk(stat.startBrk()).setBrk(brk)
                .setStartStack(stat.startStack())
                .setArgStart(stat.argStart()).setArgEnd(stat.argEnd())
                .setEnvStart(stat.envStart()).setEnvEnd(stat.envEnd())
                .build();
    }

    /** Sets the layout, the auxiliary vector and the executable (opened by the process itself). */
    public static void restore(RemoteSyscall remote, MmLayout mm, byte[] auxv, String exe) throws IOException {
        // An executable saved whole (--save-exe) may be gone: then /proc/PID/exe cannot be set
        // and keeps naming the restore stub (exe_fd -1 leaves it alone).
        long exeFd = remote.openRaw(exe, O_RDONLY);
        long auxvAddress = remote.put(auxv);
        ByteBuffer map = ByteBuffer.allocate(PRCTL_MM_MAP_SIZE).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(mm.getStartCode()).putLong(mm.getEndCode())
                .putLong(mm.getStartData()).putLong(mm.getEndData())
                .putLong(mm.getStartBrk()).putLong(mm.getBrk())
                .putLong(mm.getStartStack())
                .putLong(mm.getArgStart()).putLong(mm.getArgEnd())
                .putLong(mm.getEnvStart()).putLong(mm.getEnvEnd())
                .putLong(auxvAddress).putInt(auxv.length).putInt(exeFd < 0 ? -1 : (int) exeFd);
        long mapAddress = remote.put(map.array());
        try {
            remote.call("prctl(PR_SET_MM_MAP)", Syscall.PRCTL, PR_SET_MM, PR_SET_MM_MAP, mapAddress,
                    PRCTL_MM_MAP_SIZE, 0);
        } finally {
            if (exeFd >= 0) {
                remote.callRaw(Syscall.CLOSE, exeFd);
            }
        }
    }
}
