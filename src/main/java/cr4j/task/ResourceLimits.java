package cr4j.task;

import cr4j.image.proto.ResourceLimit;
import cr4j.proc.Limits;
import cr4j.sys.Errno;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's resource limits, read from /proc/PID/limits (prlimit on another user's process
 * needs CAP_SYS_RESOURCE, KERNEL-NOTES) and set by the restored process itself. Raising a hard
 * limit above what cr_restart has needs CAP_SYS_RESOURCE too: without it the limit stays at
 * cr_restart's and a warning says so.
 */
public final class ResourceLimits {
    private ResourceLimits() {}

    public static List<ResourceLimit> capture(int pid) throws IOException {
        List<ResourceLimit> limits = new ArrayList<>();
        for (Limits.Limit l : Limits.read(pid).limits().values()) {
            limits.add(ResourceLimit.newBuilder().setResource(l.resource().number())
                    .setSoft(l.soft()).setHard(l.hard()).build());
        }
        return limits;
    }

    /** Sets LIMITS in the process REMOTE runs in; returns a warning per limit it could not raise. */
    public static List<String> restore(RemoteSyscall remote, List<ResourceLimit> limits) throws IOException {
        List<String> warnings = new ArrayList<>();
        for (ResourceLimit l : limits) {
            if (set(remote, l.getResource(), l.getSoft(), l.getHard()) != -Errno.EPERM) {
                continue;
            }
            long hard = current(remote, l.getResource())[1];
            long soft = Long.compareUnsigned(l.getSoft(), hard) <= 0 ? l.getSoft() : hard;
            remote.call("prlimit64(" + l.getResource() + ")", Syscall.PRLIMIT64, 0, l.getResource(),
                    limit(remote, soft, hard), 0);
            warnings.add("resource limit " + l.getResource() + " of process " + remote.tid() + " keeps the hard limit "
                    + Long.toUnsignedString(hard) + ", not " + Long.toUnsignedString(l.getHard())
                    + ": raising it needs CAP_SYS_RESOURCE");
        }
        return warnings;
    }

    private static long set(RemoteSyscall remote, int resource, long soft, long hard) throws IOException {
        return remote.callRaw(Syscall.PRLIMIT64, 0, resource, limit(remote, soft, hard), 0);
    }

    private static long[] current(RemoteSyscall remote, int resource) throws IOException {
        ByteBuffer b = remote.callForOutput("prlimit64(" + resource + ")", 16, Syscall.PRLIMIT64, 0, resource, 0,
                RemoteSyscall.OUT);
        return new long[] {b.getLong(0), b.getLong(8)};
    }

    private static long limit(RemoteSyscall remote, long soft, long hard) throws IOException {
        remote.resetScratch();
        return remote.put(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(0, soft).putLong(8, hard).array());
    }
}
