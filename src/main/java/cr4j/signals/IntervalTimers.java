package cr4j.signals;

import cr4j.image.proto.IntervalTimer;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The three interval timers of setitimer(2). The time left to the next expiry is saved, so a
 * timer paused by the checkpoint fires that much later after the restart, at its period after.
 */
public final class IntervalTimers {
    /** struct itimerval: it_interval then it_value, each {tv_sec, tv_usec}. */
    private static final int SIZE = 32;
    private static final int TIMERS = 3;

    private IntervalTimers() {}

    public static List<IntervalTimer> capture(RemoteSyscall remote) throws IOException {
        List<IntervalTimer> timers = new ArrayList<>();
        for (int which = 0; which < TIMERS; which++) {
            ByteBuffer v = remote.callForOutput("getitimer", SIZE, Syscall.GETITIMER, which, RemoteSyscall.OUT);
            long interval = v.getLong(0) * 1_000_000 + v.getLong(8);
            long value = v.getLong(16) * 1_000_000 + v.getLong(24);
            if (interval != 0 || value != 0) {
                timers.add(IntervalTimer.newBuilder().setWhich(which).setIntervalUs(interval).setValueUs(value).build());
            }
        }
        return timers;
    }

    public static void restore(RemoteSyscall remote, List<IntervalTimer> timers) throws IOException {
        for (IntervalTimer t : timers) {
            remote.resetScratch();
            ByteBuffer v = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
            v.putLong(0, t.getIntervalUs() / 1_000_000).putLong(8, t.getIntervalUs() % 1_000_000);
            // An armed timer with no time left would be disarmed by a zero value: fire it at once.
            long value = t.getValueUs() == 0 ? 1 : t.getValueUs();
            v.putLong(16, value / 1_000_000).putLong(24, value % 1_000_000);
            remote.call("setitimer", Syscall.SETITIMER, t.getWhich(), remote.put(v.array()), 0);
        }
    }
}
