package cr4j.signals;

import cr4j.image.proto.SigAction;
import cr4j.proc.ProcStatus;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The process's sigaction table. Only signals that are caught or ignored are recorded (the rest
 * are at their default); /proc/PID/status says which, so no call is made for the others.
 */
public final class SignalHandlers {
    private static final int SIGKILL = 9, SIGSTOP = 19, NSIG = 64;
    /** struct kernel_sigaction: handler, flags, restorer, 8-byte mask. */
    private static final int SIZE = 32;
    private static final long SIG_DFL = 0;

    private SignalHandlers() {}

    public static List<SigAction> capture(ProcStatus status, RemoteSyscall remote) throws IOException {
        long interesting = status.sigCgt() | status.sigIgn();
        List<SigAction> table = new ArrayList<>();
        for (int sig = 1; sig <= NSIG; sig++) {
            if ((interesting & bit(sig)) != 0) {
                table.add(capture(sig, remote));
            }
        }
        return table;
    }

    private static SigAction capture(int sig, RemoteSyscall remote) throws IOException {
        ByteBuffer k = remote.callForOutput("rt_sigaction(" + sig + ")", SIZE, Syscall.RT_SIGACTION, sig, 0,
                RemoteSyscall.OUT, 8);
        return SigAction.newBuilder().setSignal(sig).setHandler(k.getLong(0)).setFlags(k.getLong(8))
                .setRestorer(k.getLong(16)).setMask(k.getLong(24)).build();
    }

    /**
     * Installs TABLE in the process REMOTE runs in. Signals the new process ignores by
     * inheritance (from cr_restart) but the original did not are set back to default.
     */
    public static void restore(RemoteSyscall remote, List<SigAction> table, long inheritedIgnored)
            throws IOException {
        long recorded = 0;
        for (SigAction a : table) {
            install(remote, a.getSignal(), a.getHandler(), a.getFlags(), a.getRestorer(), a.getMask());
            recorded |= bit(a.getSignal());
        }
        for (int sig = 1; sig <= NSIG; sig++) {
            if ((inheritedIgnored & bit(sig) & ~recorded) != 0) {
                install(remote, sig, SIG_DFL, 0, 0, 0);
            }
        }
    }

    private static void install(RemoteSyscall remote, int sig, long handler, long flags, long restorer,
                                long mask) throws IOException {
        if (sig == SIGKILL || sig == SIGSTOP) {
            return;
        }
        remote.resetScratch();
        ByteBuffer k = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        k.putLong(0, handler).putLong(8, flags).putLong(16, restorer).putLong(24, mask);
        remote.call("rt_sigaction(" + sig + ")", Syscall.RT_SIGACTION, sig, remote.put(k.array()), 0, 8);
    }

    private static long bit(int sig) {
        return 1L << (sig - 1);
    }
}
