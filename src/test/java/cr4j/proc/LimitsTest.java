package cr4j.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cr4j.proc.Limits.Limit;
import cr4j.proc.Limits.Resource;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class LimitsTest {
    private static final String HEADER =
            "Limit                     Soft Limit           Hard Limit           Units     \n";

    @Test
    void unlimitedIsMinusOneAndBlankUnitsAreAccepted() throws IOException {
        Limits limits = Limits.parse("limits", HEADER
                + "Max stack size            8388608              unlimited            bytes     \n"
                + "Max realtime priority     0                    0                    \n"
                + "Max realtime timeout      unlimited            unlimited            us        \n");
        assertEquals(new Limit(Resource.STACK, 8388608, Limits.UNLIMITED), limits.get(Resource.STACK).orElseThrow());
        assertEquals(new Limit(Resource.RTPRIO, 0, 0), limits.get(Resource.RTPRIO).orElseThrow());
        assertEquals(new Limit(Resource.RTTIME, -1, -1), limits.get(Resource.RTTIME).orElseThrow());
        assertTrue(limits.get(Resource.NOFILE).isEmpty());
    }

    @Test
    void selfShowsAllSixteenLimits() throws IOException {
        Limits limits = Limits.read((int) ProcessHandle.current().pid());
        assertEquals(16, limits.limits().size());
        Limit files = limits.get(Resource.NOFILE).orElseThrow();
        assertTrue(files.soft() > 0 && files.soft() <= files.hard());
        assertEquals(7, files.resource().number());
    }

    @Test
    void malformedLinesAreRefused() {
        for (String bad : new String[] {"Max open files            20000\n", "Max open files            lots   20000  files\n",
                "Max warp speed            1                    1                    \n",
                "Max open files            -3                   20000                files\n"}) {
            var e = assertThrows(MalformedProcFileException.class, () -> Limits.parse("/proc/1/limits", HEADER + bad));
            assertTrue(e.getMessage().startsWith("/proc/1/limits line 2: "), e.getMessage());
        }
        assertThrows(MalformedProcFileException.class, () -> Limits.parse("/proc/1/limits", "Max open files 1 1 files\n"));
    }
}
