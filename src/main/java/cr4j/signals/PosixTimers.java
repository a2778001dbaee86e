package cr4j.signals;

import cr4j.image.proto.PosixTimer;
import cr4j.proc.PosixTimerEntry;
import cr4j.proc.PosixTimerList;
import cr4j.sys.RemoteSyscall;
import cr4j.sys.Syscall;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * POSIX timers (timer_create(2)): identity from /proc/PID/timers, arming from timer_gettime in
 * the process. Recreated with their IDs, which programs hold as timer_t, through
 * PR_TIMER_CREATE_RESTORE_IDS (Linux 6.15 and later); the time left to the next expiry is kept.
 * The overrun count is not.
 */
public final class PosixTimers {
    private static final int PR_TIMER_CREATE_RESTORE_IDS = 77;
    /** struct itimerspec: it_interval then it_value, each {tv_sec, tv_nsec}. */
    private static final int ITIMERSPEC = 32;
    /** sizeof(struct sigevent). */
    private static final int SIGEVENT = 64;
    private static final long NANOS = 1_000_000_000L;

    private PosixTimers() {}

    public static List<PosixTimer> capture(int pid, RemoteSyscall remote) throws IOException {
        List<PosixTimer> timers = new ArrayList<>();
        for (PosixTimerEntry t : PosixTimerList.read(pid)) {
            ByteBuffer spec = remote.callForOutput("timer_gettime(" + t.id() + ")", ITIMERSPEC, Syscall.TIMER_GETTIME,
                    t.id(), RemoteSyscall.OUT);
            timers.add(PosixTimer.newBuilder().setId(t.id()).setClock(t.clock()).setSignal(t.signal())
                    .setSigevValue(t.sigval()).setNotify(t.notification()).setNotifyTid(t.target())
                    .setIntervalNs(spec.getLong(0) * NANOS + spec.getLong(8))
                    .setValueNs(spec.getLong(16) * NANOS + spec.getLong(24)).build());
        }
        return timers;
    }

    /** Recreates TIMERS in the process REMOTE runs in; TASKS gives the current ID of a recorded one. */
    public static void restore(RemoteSyscall remote, List<PosixTimer> timers, IntUnaryOperator tasks)
            throws IOException {
        if (timers.isEmpty()) {
            return;
        }
        remote.call("prctl(PR_TIMER_CREATE_RESTORE_IDS) (needs Linux 6.15)", Syscall.PRCTL,
                PR_TIMER_CREATE_RESTORE_IDS, 1);
        try {
            for (PosixTimer t : timers) {
                create(remote, t.toBuilder().setNotifyTid(tasks.applyAsInt(t.getNotifyTid())).build());
            }
        } finally {
            remote.call("prctl(PR_TIMER_CREATE_RESTORE_IDS)", Syscall.PRCTL, PR_TIMER_CREATE_RESTORE_IDS, 0);
        }
    }

    private static void create(RemoteSyscall remote, PosixTimer t) throws IOException {
        remote.resetScratch();
        ByteBuffer event = ByteBuffer.allocate(SIGEVENT).order(ByteOrder.LITTLE_ENDIAN);
        event.putLong(0, t.getSigevValue()).putInt(8, t.getSignal()).putInt(12, t.getNotify())
                .putInt(16, t.getNotifyTid());
        long id = remote.put(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, t.getId()).array());
        remote.call("timer_create(" + t.getId() + ")", Syscall.TIMER_CREATE, t.getClock(), remote.put(event.array()), id);
        if (t.getValueNs() == 0) {
            return;
        }
        ByteBuffer spec = ByteBuffer.allocate(ITIMERSPEC).order(ByteOrder.LITTLE_ENDIAN);
        spec.putLong(0, t.getIntervalNs() / NANOS).putLong(8, t.getIntervalNs() % NANOS)
                .putLong(16, t.getValueNs() / NANOS).putLong(24, t.getValueNs() % NANOS);
        remote.call("timer_settime(" + t.getId() + ")", Syscall.TIMER_SETTIME, t.getId(), 0, remote.put(spec.array()), 0);
    }
}
