package cr4j.cli;

import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Decimal integers as the commands accept them: optional sign, digits, nothing else. */
final class Decimal {
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+");

    private Decimal() {}

    /** The value of {@code text}, or empty when it is not a decimal integer that fits an int. */
    static OptionalInt parse(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(text));
        } catch (NumberFormatException tooLarge) {
            return OptionalInt.empty();
        }
    }

    /** The value of an option's numeric argument; anything else is a usage error. */
    static int option(String option, String text) throws OptionError {
        OptionalInt value = parse(text);
        if (value.isEmpty()) {
            throw OptionError.usage(option + " needs a decimal number, but got '" + text + "'.");
        }
        return value.getAsInt();
    }
}
