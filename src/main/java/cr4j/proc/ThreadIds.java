package cr4j.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The threads of a process, from the entries of /proc/PID/task. */
public final class ThreadIds {
    private ThreadIds() {
    }

    /** Sorted thread ids, the leader (tid == pid) first when it is still listed. */
    public static List<Integer> list(int pid) throws IOException {
        Path dir = ProcFile.of(pid, "task");
        List<Integer> tids = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                tids.add(ProcFile.entryNumber(dir, entry, 1));
            }
        }
        tids.sort(null);
        if (tids.remove(Integer.valueOf(pid))) {
            tids.addFirst(pid);
        }
        return List.copyOf(tids);
    }

    /** The name thread TID of process PID gave itself (comm), without the newline that ends it. */
    public static String name(int pid, int tid) throws IOException {
        String comm = ProcFile.readText(ProcFile.ofTask(pid, tid, "comm"));
        return comm.endsWith("\n") ? comm.substring(0, comm.length() - 1) : comm;
    }
}
