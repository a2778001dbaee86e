package cr4j.proc;

/**
 * One POSIX timer as /proc/PID/timers lists it.
 *
 * @param notification SIGEV_SIGNAL 0, SIGEV_NONE 1, SIGEV_THREAD 2, with SIGEV_THREAD_ID (4) added
 *                  when a thread is the target
 * @param target    the PID or TID the signal goes to
 */
public record PosixTimerEntry(int id, int signal, long sigval, int notification, int target, int clock) {
    public static final int SIGEV_THREAD_ID = 4;
}
