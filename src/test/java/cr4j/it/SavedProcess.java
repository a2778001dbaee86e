package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A process as {@code cr_info --json} lists it. The JSON writes the fields of a message in the
 * order of context.proto, and only Process begins with pid, ppid, pgid and sid.
 */
record SavedProcess(long pid, long ppid, long pgid, long sid) {
    private static final Pattern PROCESS =
            Pattern.compile("\\{\"pid\":(\\d+),\"ppid\":(\\d+),\"pgid\":(\\d+),\"sid\":(\\d+),");

    /** The processes of the context file in the order cr_info lists them. */
    static List<SavedProcess> in(Outcome info) {
        assertEquals(0, info.exitCode(), info::describe);
        return PROCESS.matcher(info.stdout()).results()
                .map(found -> new SavedProcess(Long.parseLong(found.group(1)), Long.parseLong(found.group(2)),
                        Long.parseLong(found.group(3)), Long.parseLong(found.group(4))))
                .toList();
    }
}
