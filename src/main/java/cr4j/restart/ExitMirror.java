package cr4j.restart;

import cr4j.sys.Signals;
import cr4j.sys.WaitStatus;
import cr4j.sys.Waits;
import sun.misc.Signal;

import java.io.IOException;

/**
 * cr_restart's part once the job runs (BLCR-SPEC.md 2.3): it forwards the signals it receives to
 * the restored process, waits for it, and ends as it ended: the same exit status, or death by
 * the same signal.
 */
public final class ExitMirror {
    /** Catchable signals a job controller or a user sends; the JVM refuses those it needs. */
    private static final String[] FORWARDED = {"HUP", "INT", "QUIT", "TERM", "USR1", "USR2", "ALRM",
            "CONT", "TSTP", "TTIN", "TTOU", "WINCH", "URG", "PIPE", "PROF", "VTALRM", "IO", "PWR", "SYS"};

    private ExitMirror() {}

    public static WaitStatus forwardSignalsAndWait(int pid) throws IOException {
        for (String name : FORWARDED) {
            try {
                Signal.handle(new Signal(name), s -> forward(pid, s.getNumber()));
            } catch (IllegalArgumentException reserved) {
                // Used by the JVM itself (with -Xrs fewer are): not forwarded.
            }
        }
        while (true) {
            WaitStatus status = Waits.waitForChild(pid);
            if (status.gone()) {
                return status;
            }
        }
    }

    private static void forward(int pid, int signal) {
        try {
            Signals.kill(pid, signal);
        } catch (IOException gone) {
            // The job ended meanwhile; its status is about to be collected.
        }
    }

    /** Ends this process as STATUS says the job ended. Returns only for an exit status. */
    public static int mirror(WaitStatus status) throws IOException {
        if (status.signaled()) {
            Signals.dieBy(status.termSignal());
        }
        return status.exitCode();
    }
}
