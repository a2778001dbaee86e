package cr4j.restart;

import java.util.HashMap;
import java.util.Map;

/**
 * The PIDs and TIDs restored tasks get. By default each gets its recorded one; with
 * --no-restore-pid the kernel picks new ones, and every recorded ID the restore uses (parents,
 * threads, signal and timer targets) is translated through here.
 */
final class TaskIds {
    private final boolean keep;
    private final Map<Integer, Integer> assigned = new HashMap<>();

    private TaskIds(boolean keep) {
        this.keep = keep;
    }

    static TaskIds original() {
        return new TaskIds(true);
    }

    static TaskIds fresh() {
        return new TaskIds(false);
    }

    boolean keepsOriginals() {
        return keep;
    }

    /** The ID to ask clone3 for: the recorded one, or 0 to let the kernel choose. */
    int request(int recorded) {
        return keep ? recorded : 0;
    }

    void assign(int recorded, int actual) {
        assigned.put(recorded, actual);
    }

    /** The ID the task recorded as RECORDED has now. */
    int of(int recorded) {
        return keep ? recorded : assigned.getOrDefault(recorded, recorded);
    }
}
