package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Open files come back as the process had them: an O_APPEND writer goes on appending after what
 * others added meanwhile, devices are reopened, a deleted file comes back with its contents.
 */
class OpenFilesIT extends CommandTest {
    @ParameterizedTest
    @EnumSource(Linkage.class)
    void appendingWriterGoesOnAppending(Linkage linkage) throws Exception {
        Path log = dir.resolve("log");
        Target target = start("appender", linkage, log.toString());
        for (int n = 1; n <= 2; n++) {
            target.send("append");
            target.stdout().awaitLine("appended " + n + " zero 0 full-errno 28", LINE);
        }
        Path context = checkpointAndKill(target);
        Files.writeString(log, "external\n", StandardOpenOption.APPEND);

        RestartedProcess restored = startRestart(target.pid(), context);
        for (int n = 3; n <= 4; n++) {
            restored.send("append");
            restored.stdout().awaitLine("appended " + n + " zero 0 full-errno 28", LINE);
        }
        assertEquals(List.of("line 1", "line 2", "external", "line 3", "line 4"), Files.readAllLines(log));
    }

    @ParameterizedTest
    @EnumSource(Linkage.class)
    void deletedOpenFileComesBackWithItsContents(Linkage linkage) throws Exception {
        Path file = dir.resolve("scratch file");
        Target target = start("deleted_file", linkage, file.toString());
        target.stdout().awaitLine("ready", LINE);
        target.send("read");
        String before = target.stdout().awaitLine("read .*", LINE).group();
        assertEquals("read world link " + file + " (deleted)", before);
        Path context = checkpointAndKill(target);

        RestartedProcess restored = startRestart(target.pid(), context);
        restored.send("read");
        assertEquals(before, restored.stdout().awaitLine("read .*", LINE).group());
        assertEquals(false, Files.exists(file), "the file is deleted again");
    }
}
