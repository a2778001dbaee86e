package cr4j.proc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * /proc/PID/timers: four lines per timer ("ID: 7", "signal: 10/00007f...", "notify:
 * signal/pid.123", "ClockID: 1"), the format of fs/proc/base.c.
 */
public final class PosixTimerList {
    private static final List<String> NOTIFY = List.of("signal", "none", "thread");

    private PosixTimerList() {
    }

    public static List<PosixTimerEntry> read(int pid) throws IOException {
        String source = ProcFile.of(pid, "timers").toString();
        return parse(source, ProcFile.readText(ProcFile.of(pid, "timers")));
    }

    public static List<PosixTimerEntry> parse(String source, String text) throws IOException {
        List<String> lines = ProcFile.lines(text);
        if (lines.size() % 4 != 0) {
            throw new MalformedProcFileException(source, lines.size(), lines.getLast(), "a timer has fewer than four lines");
        }
        List<PosixTimerEntry> timers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i += 4) {
            timers.add(entry(source, i, lines));
        }
        return timers;
    }

    private static PosixTimerEntry entry(String source, int first, List<String> lines) throws IOException {
        LineCursor idLine = cursor(source, first, lines, "ID: ");
        int id = idLine.signedInt(idLine.rest(), "timer id");
        LineCursor signal = cursor(source, first + 1, lines, "signal: ");
        int signo = signal.signedInt(signal.until('/'), "signal");
        long sigval = signal.hex(signal.rest(), "signal value");
        LineCursor notify = cursor(source, first + 2, lines, "notify: ");
        int kind = NOTIFY.indexOf(notify.until('/'));
        if (kind < 0) {
            throw notify.error("unknown notification");
        }
        String targetKind = notify.until('.');
        int target = notify.signedInt(notify.rest(), "notified task");
        if (targetKind.equals("tid")) {
            kind |= PosixTimerEntry.SIGEV_THREAD_ID;
        } else if (!targetKind.equals("pid")) {
            throw notify.error("notified task is neither pid nor tid");
        }
        LineCursor clock = cursor(source, first + 3, lines, "ClockID: ");
        return new PosixTimerEntry(id, signo, sigval, kind, target, clock.signedInt(clock.rest(), "clock"));
    }

    /** A cursor past KEY at the start of line INDEX, which must begin with it. */
    private static LineCursor cursor(String source, int index, List<String> lines, String key) throws IOException {
        String line = lines.get(index);
        if (!line.startsWith(key)) {
            throw new MalformedProcFileException(source, index + 1, line, "expected '" + key.strip() + "'");
        }
        return new LineCursor(source, index + 1, line.substring(key.length()));
    }
}
