package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** cr_info tells people (text) and tools (--json) what a context file holds. */
class InfoIT extends CommandTest {

    @Test
    void infoShowsPidAndExecutable() {
        Path program = TestPrograms.path("counter", Linkage.DYNAMIC);
        Target counter = start("counter", Linkage.DYNAMIC);
        counter.stdout().awaitLine(COUNT, LINE);
        Path context = checkpoint(counter);

        Outcome info = commands.info(context.toString());

        assertEquals(0, info.exitCode(), info::describe);
        assertTrue(containsNumber(info.stdout(), counter.pid()), () -> "PID " + counter.pid() + " shown: " + info.describe());
        assertTrue(info.stdout().contains(program.toString()), () -> "executable shown: " + info.describe());
    }

    @Test
    void infoJsonShowsPidAndExecutable() {
        Path program = TestPrograms.path("counter", Linkage.DYNAMIC);
        Target counter = start("counter", Linkage.DYNAMIC);
        counter.stdout().awaitLine(COUNT, LINE);
        Path context = checkpoint(counter);

        Outcome info = commands.info("--json", context.toString());

        assertEquals(0, info.exitCode(), info::describe);
        String json = info.stdout().strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), () -> "one JSON object: " + info.describe());
        assertTrue(containsNumber(json, counter.pid()), () -> "PID " + counter.pid() + " shown: " + info.describe());
        assertTrue(json.contains("\"" + program + "\""), () -> "executable as a JSON string: " + info.describe());
    }

    private static boolean containsNumber(String text, long number) {
        return Pattern.compile("(?<!\\d)" + number + "(?!\\d)").matcher(text).find();
    }
}
