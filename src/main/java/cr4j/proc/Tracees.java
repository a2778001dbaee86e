package cr4j.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;

/** Who a process traces: the processes whose /proc/PID/status names it as TracerPid. */
public final class Tracees {
    private Tracees() {
    }

    /** A process traced by TRACER, if any. Processes that vanish during the scan are skipped. */
    public static OptionalInt anyOf(int tracer) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                int pid = Integer.parseInt(entry.getFileName().toString());
                if (pid != tracer && tracerOf(pid) == tracer) {
                    return OptionalInt.of(pid);
                }
            }
        }
        return OptionalInt.empty();
    }

    private static int tracerOf(int pid) throws IOException {
        try {
            return ProcStatus.read(pid).tracerPid();
        } catch (NoSuchFileException gone) {
            return 0;
        }
    }
}
