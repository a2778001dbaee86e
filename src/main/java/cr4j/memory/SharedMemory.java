package cr4j.memory;

import java.util.HashMap;
import java.util.Map;

/**
 * Shared anonymous memory objects met across the processes of one checkpoint or restart. The
 * first mapping of an object holds its pages; at restart the others map the very object the first
 * one created, through /proc/PID/map_files of the process that holds it.
 */
public final class SharedMemory {
    private final Map<Long, String> firstMapping = new HashMap<>();

    /** Records that the object was met; true the first time, when its pages are to be saved. */
    boolean firstSight(long object) {
        return firstMapping.putIfAbsent(object, "") == null;
    }

    /** Where the object is already mapped in a restored process, or null when it is not yet. */
    String mappedAt(long object) {
        return firstMapping.get(object);
    }

    void mapped(long object, int pid, long start, long end) {
        firstMapping.put(object, String.format("/proc/%d/map_files/%x-%x", pid, start, end));
    }
}
