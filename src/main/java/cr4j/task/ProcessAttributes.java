package cr4j.task;

import cr4j.image.proto.Process;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Per-process attributes kept by the task itself: its name (comm), parent-death signal,
 * dumpable flag, personality, timer slack and keep-capabilities flag.
 */
public final class ProcessAttributes {
    private static final int PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3, PR_GET_KEEPCAPS = 7,
            PR_SET_KEEPCAPS = 8, PR_SET_NAME = 15, PR_SET_TIMERSLACK = 29;
    private static final int SIGKILL = 9;

    private ProcessAttributes() {}

    public static int capturePdeathsig(RemoteSyscall remote) throws IOException {
        return remote.callForOutput("prctl(PR_GET_PDEATHSIG)", 4, Syscall.PRCTL, PR_GET_PDEATHSIG,
                RemoteSyscall.OUT).getInt(0);
    }

    public static boolean captureDumpable(RemoteSyscall remote) throws IOException {
        return remote.call("prctl(PR_GET_DUMPABLE)", Syscall.PRCTL, PR_GET_DUMPABLE) != 0;
    }

    public static boolean captureKeepCapabilities(RemoteSyscall remote) throws IOException {
        return remote.call("prctl(PR_GET_KEEPCAPS)", Syscall.PRCTL, PR_GET_KEEPCAPS) != 0;
    }

    /** The timer slack, from /proc/PID/timerslack_ns. */
    public static long captureTimerSlack(int pid) throws IOException {
        String text = Files.readString(Path.of("/proc/" + pid + "/timerslack_ns")).strip();
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw new IOException("/proc/" + pid + "/timerslack_ns: not a number: '" + text + "'");
        }
    }

    public static void restoreTimerSlack(RemoteSyscall remote, Process p) throws IOException {
        remote.call("prctl(PR_SET_TIMERSLACK)", Syscall.PRCTL, PR_SET_TIMERSLACK, p.getTimerSlackNs());
    }

    /** Whether capabilities survive a change of user ID: set before the IDs are (Credentials). */
    public static void restoreKeepCapabilities(RemoteSyscall remote, Process p) throws IOException {
        remote.call("prctl(PR_SET_KEEPCAPS)", Syscall.PRCTL, PR_SET_KEEPCAPS, p.getKeepCapabilities() ? 1 : 0);
    }

    /** personality(2), from /proc/PID/personality (hex). */
    public static int capturePersonality(int pid) throws IOException {
        String text = Files.readString(Path.of("/proc/" + pid + "/personality")).strip();
        try {
            return Integer.parseUnsignedInt(text, 16);
        } catch (NumberFormatException e) {
            throw new IOException("/proc/" + pid + "/personality: not a hexadecimal number: '" + text + "'");
        }
    }

    public static void restorePersonality(RemoteSyscall remote, Process p) throws IOException {
        remote.call("personality", Syscall.PERSONALITY, p.getPersonality() & 0xffffffffL);
    }

    /**
     * While a process is rebuilt it dies with cr_restart's tracer thread, so a restart that
     * fails half-way leaves nothing running (DESIGN.md section 2, restart step 6).
     */
    public static void dieWithRestarter(RemoteSyscall remote) throws IOException {
        remote.call("prctl(PR_SET_PDEATHSIG)", Syscall.PRCTL, PR_SET_PDEATHSIG, SIGKILL);
    }

    /** Names the thread REMOTE runs in; each thread of a process, the leader too, has its own name. */
    public static void restoreName(RemoteSyscall remote, String name) throws IOException {
        remote.resetScratch();
        remote.call("prctl(PR_SET_NAME)", Syscall.PRCTL, PR_SET_NAME, remote.putString(name));
    }

    /** The recorded parent-death signal, put back at release. */
    public static void restorePdeathsig(RemoteSyscall remote, Process p) throws IOException {
        remote.call("prctl(PR_SET_PDEATHSIG)", Syscall.PRCTL, PR_SET_PDEATHSIG, p.getPdeathsig());
    }
}
