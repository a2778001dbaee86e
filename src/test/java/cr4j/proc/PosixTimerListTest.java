package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PosixTimerListTest {
    @Test
    void processAndThreadTargetsAreTold() throws IOException {
        List<PosixTimerEntry> timers = PosixTimerList.parse("timers", """
                ID: 7
                signal: 34/0000000000000016
                notify: signal/pid.1234
                ClockID: 1
                ID: 8
                signal: 10/00007f0000001000
                notify: thread/tid.1240
                ClockID: 0
                """);
        assertEquals(new PosixTimerEntry(7, 34, 0x16, 0, 1234, 1), timers.get(0));
        assertEquals(new PosixTimerEntry(8, 10, 0x7f0000001000L, 2 | PosixTimerEntry.SIGEV_THREAD_ID, 1240, 0),
                timers.get(1));
    }

    @Test
    void noTimersIsAnEmptyList() throws IOException {
        assertTrue(PosixTimerList.parse("timers", "").isEmpty());
    }

    @Test
    void malformedEntriesAreRefused() {
        for (String bad : new String[] {"ID: 7\nsignal: 34/16\nnotify: signal/pid.1\n",
                "ID: x\nsignal: 34/16\nnotify: signal/pid.1\nClockID: 1\n",
                "ID: 7\nsignal: 34/zz\nnotify: signal/pid.1\nClockID: 1\n",
                "ID: 7\nsignal: 34/16\nnotify: smoke/pid.1\nClockID: 1\n",
                "ID: 7\nsignal: 34/16\nnotify: signal/pgid.1\nClockID: 1\n",
                "ID: 7\nsignal: 34/16\nClockID: 1\nnotify: signal/pid.1\n"}) {
            assertThrows(MalformedProcFileException.class, () -> PosixTimerList.parse("timers", bad), bad);
        }
    }
}
