package cr4j.task;

import cr4j.proc.ProcStatus;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Who a process is: user and group IDs and supplementary groups. A restored process takes them
 * back as its last step, so a job checkpointed as its user runs as that user again even when
 * root restarts it. The kernel decides whether cr_restart may give them (CAP_SETUID,
 * CAP_SETGID): when it may not, the process keeps cr_restart's, as BLCR did, and a warning says so.
 */
public final class Credentials {
    private static final int PR_SET_DUMPABLE = 4, PR_SET_NO_NEW_PRIVS = 38, SETFSUID = 122, SETFSGID = 123;

    private Credentials() {}

    public static cr4j.image.proto.Credentials capture(ProcStatus status) {
        return cr4j.image.proto.Credentials.newBuilder()
                .addAllUids(ids(status.uid())).addAllGids(ids(status.gid()))
                .addAllGroups(status.groups()).build();
    }

    private static List<Integer> ids(ProcStatus.Ids ids) {
        return List.of(ids.real(), ids.effective(), ids.saved(), ids.filesystem());
    }

    /**
     * Before anything of it is opened, a process of an ordinary user takes that user's file
     * access (fsuid, fsgid, groups), so a context cannot make it open what its user could not.
     * Its other rights stay cr_restart's until {@link #restore}, which it needs till then.
     */
    public static void restrictFileAccess(RemoteSyscall remote, cr4j.image.proto.Process p) throws IOException {
        cr4j.image.proto.Credentials c = p.getCredentials();
        if (c.getUidsCount() != 4 || c.getUids(3) == 0) {
            return;
        }
        remote.resetScratch();
        remote.call("setgroups", Syscall.SETGROUPS, c.getGroupsCount(), remote.put(groupList(c)));
        remote.call("setfsgid", SETFSGID, c.getGids(3));
        remote.call("setfsuid", SETFSUID, c.getUids(3));
    }

    private static byte[] groupList(cr4j.image.proto.Credentials c) {
        ByteBuffer groups = ByteBuffer.allocate(Math.max(4, 4 * c.getGroupsCount())).order(ByteOrder.LITTLE_ENDIAN);
        c.getGroupsList().forEach(groups::putInt);
        return groups.array();
    }

    /**
     * Gives the process REMOTE runs in the recorded credentials, dumpable flag and no_new_privs.
     * Returns a warning when the credentials could not be given, or null.
     */
    public static String restore(RemoteSyscall remote, cr4j.image.proto.Process p) throws IOException {
        cr4j.image.proto.Credentials c = p.getCredentials();
        String warning = null;
        if (c.getUidsCount() == 4 && c.getGidsCount() == 4) {
            warning = setIds(remote, c);
        }
        remote.call("prctl(PR_SET_DUMPABLE)", Syscall.PRCTL, PR_SET_DUMPABLE, p.getDumpable() ? 1 : 0);
        if (p.getNoNewPrivs()) {
            remote.call("prctl(PR_SET_NO_NEW_PRIVS)", Syscall.PRCTL, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
        }
        return warning;
    }

    private static String setIds(RemoteSyscall remote, cr4j.image.proto.Credentials c) throws IOException {
        remote.resetScratch();
        long[] results = {
            remote.callRaw(Syscall.SETGROUPS, c.getGroupsCount(), remote.put(groupList(c))),
            remote.callRaw(Syscall.SETRESGID, c.getGids(0), c.getGids(1), c.getGids(2)),
            remote.callRaw(Syscall.SETRESUID, c.getUids(0), c.getUids(1), c.getUids(2)),
        };
        for (long result : results) {
            if (result == -Errno.EPERM) {
                return "process " + remote.tid() + " keeps cr_restart's user and groups, not uid " + c.getUids(1)
                        + ": changing them needs CAP_SETUID and CAP_SETGID";
            }
            if (result < 0) {
                throw new ErrnoException((int) -result, "cannot give process " + remote.tid() + " its credentials: "
                        + Errno.name((int) -result));
            }
        }
        return null;
    }
}
