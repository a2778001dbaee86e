package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** cr_restart refuses a file that is not a whole, intact context before anything restored runs (DESIGN.md, restart step 1). */
class DamagedContextIT extends CommandTest {

    /** Ways a copy of a good context file is spoiled. */
    enum Damage {
        FIRST_BYTE_FLIPPED {
            @Override
            void apply(Path good, Path bad) throws IOException {
                flip(good, bad, 0);
            }
        },
        MIDDLE_BYTE_FLIPPED {
            @Override
            void apply(Path good, Path bad) throws IOException {
                flip(good, bad, Files.size(good) / 2);
            }
        },
        TRUNCATED_TO_HALF {
            @Override
            void apply(Path good, Path bad) throws IOException {
                truncate(good, bad, Files.size(good) / 2);
            }
        },
        LAST_BYTE_CUT {
            @Override
            void apply(Path good, Path bad) throws IOException {
                truncate(good, bad, Files.size(good) - 1);
            }
        },
        EMPTY {
            @Override
            void apply(Path good, Path bad) throws IOException {
                Files.createFile(bad);
            }
        },
        FOREIGN {
            @Override
            void apply(Path good, Path bad) throws IOException {
                Files.copy(Path.of("/bin/true"), bad);
            }
        };

        abstract void apply(Path good, Path bad) throws IOException;

        private static void flip(Path good, Path bad, long offset) throws IOException {
            Files.copy(good, bad);
            try (RandomAccessFile file = new RandomAccessFile(bad.toFile(), "rw")) {
                file.seek(offset);
                int original = file.read();
                file.seek(offset);
                file.write(original ^ 0xff);
            }
        }

        private static void truncate(Path good, Path bad, long length) throws IOException {
            Files.copy(good, bad);
            try (RandomAccessFile file = new RandomAccessFile(bad.toFile(), "rw")) {
                file.setLength(length);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Damage.class)
    void damagedContextIsRefusedAndLeavesNoProcess(Damage damage) throws IOException {
        Path program = TestPrograms.path("counter", Linkage.DYNAMIC);
        Target counter = start("counter", Linkage.DYNAMIC, "stdin");
        counter.send("");
        counter.stdout().awaitLine(COUNT, LINE);
        Path good = checkpointAndKill(counter);
        Path bad = dir.resolve("damaged");
        damage.apply(good, bad);

        Outcome refused = commands.restart(bad.toString());

        assertNotEquals(0, refused.exitCode(), refused::describe);
        assertEquals(1, refused.stderrLines().size(), () -> "one line on stderr: " + refused.describe());
        assertEquals("", refused.stdout(), () -> "nothing restored may print: " + refused.describe());
        assertFalse(ProcessTable.exists(counter.pid()), () -> "PID " + counter.pid() + " exists after " + refused.describe());
        assertEquals(List.of(), ProcessTable.running(program), "nothing runs the program");
        assertEquals(List.of(), ProcessTable.running(Project.home()), "nothing from cr4j is left running");
    }
}
