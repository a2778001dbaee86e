package cr4j.proc;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The children of a process: the union of /proc/PID/task/TID/children, since the kernel lists a
 * child under the thread that created it.
 */
public final class Children {
    private Children() {
    }

    /** Sorted child pids. */
    public static List<Integer> of(int pid) throws IOException {
        TreeSet<Integer> children = new TreeSet<>();
        for (int tid : ThreadIds.list(pid)) {
            Path file = ProcFile.ofTask(pid, tid, "children");
            String text;
            try {
                text = ProcFile.readText(file);
            } catch (NoSuchFileException e) {
                // The thread exited after the listing; the kernel moved its children to a sibling.
                continue;
            }
            children.addAll(parse(file.toString(), text));
        }
        return List.copyOf(children);
    }

    /** Space-separated pids, as one children file holds them. */
    public static List<Integer> parse(String source, String text) throws IOException {
        LineCursor in = new LineCursor(source, 1, text.strip());
        TreeSet<Integer> pids = new TreeSet<>();
        for (String field : text.strip().split(" ")) {
            if (!field.isEmpty()) {
                long pid = in.decimal(field, "pid");
                if (pid == 0 || pid > Integer.MAX_VALUE) {
                    throw in.error("pid " + field + " is out of range");
                }
                pids.add((int) pid);
            }
        }
        return List.copyOf(pids);
    }
}
