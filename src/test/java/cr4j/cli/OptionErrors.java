package cr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.function.Executable;

/** What the option tests expect of a refused command line, for either command's parser. */
final class OptionErrors {
    /** Runs a parser on a command line. */
    @FunctionalInterface
    interface Parser {
        void parse(String... args) throws OptionError;
    }

    private final Parser parser;

    OptionErrors(Parser parser) {
        this.parser = parser;
    }

    OptionError error(String... args) {
        Executable parse = () -> parser.parse(args);
        return assertThrows(OptionError.class, parse);
    }

    /** BLCR's usage error: exit 255 with the usage text. */
    void assertUsageError(String... args) {
        OptionError e = error(args);
        assertEquals(255, e.exitCode());
        assertTrue(e.showUsage());
    }

    /** An invalid value: exit 22 (EINVAL) with MESSAGE and no usage text. */
    void assertInvalid(String message, String... args) {
        OptionError e = error(args);
        assertEquals(22, e.exitCode());
        assertEquals(message, e.message());
        assertFalse(e.showUsage());
    }
}
