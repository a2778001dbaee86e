package cr4j.libcr;

import cr4j.proc.ThreadIds;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;

/**
 * libcr's thread in a process that called cr_init() (doc/libcr-protocol.md): found by its name,
 * which also tells whether it is serving another checkpoint.
 */
record Coordinator(int pid, int tid, boolean busy) {
    static final String IDLE = "cr4j-libcr", BUSY = "cr4j-libcr*";

    /** The coordinator of process PID; empty when the process takes no part in callbacks. */
    static Optional<Coordinator> of(int pid) throws IOException {
        try {
            for (int tid : ThreadIds.list(pid)) {
                String name = name(pid, tid);
                if (name.equals(IDLE) || name.equals(BUSY)) {
                    return Optional.of(new Coordinator(pid, tid, name.equals(BUSY)));
                }
            }
        } catch (NoSuchFileException gone) {
            // The process ended: it has nothing to run.
        }
        return Optional.empty();
    }

    private static String name(int pid, int tid) throws IOException {
        try {
            return ThreadIds.name(pid, tid);
        } catch (NoSuchFileException ended) {
            return "";
        }
    }
}
