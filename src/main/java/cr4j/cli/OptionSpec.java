package cr4j.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * One row of a command's option table: its names, whether it takes an argument, its line in
 * {@code --help}, and what it does to the command's parse state {@code B}.
 *
 * @param shortNames one character per short name ("h?" for -h and -?)
 * @param longNames long names without the leading "--"
 * @param argName the argument's name in {@code --help} (empty when {@code argument} is NONE)
 * @param hidden accepted, but left out of {@code --help}
 * @param ends parsing stops after it, as BLCR's tools exit at once on {@code --help}
 */
record OptionSpec<B>(String shortNames, List<String> longNames, Argument argument, String argName,
                     String description, boolean hidden, boolean ends, Handler<B> handler) {

    /** How an option takes its argument, as getopt_long's has_arg. */
    enum Argument {
        NONE,
        REQUIRED,
        /** Only when attached: "--opt=VAL" (or "-oVAL"); "--opt VAL" leaves VAL a separate argument. */
        OPTIONAL
    }

    /** Applies an option to the parse state; {@code value} is null when none was given. */
    @FunctionalInterface
    interface Handler<B> {
        void apply(B state, String value) throws OptionError;
    }

    /** Applies an option without argument. */
    @FunctionalInterface
    interface FlagHandler<B> {
        void apply(B state) throws OptionError;
    }

    OptionSpec {
        longNames = List.copyOf(longNames);
    }

    /** An option without argument; {@code names} like "-h -? --help". */
    static <B> OptionSpec<B> flag(String names, String description, FlagHandler<B> handler) {
        return of(names, Argument.NONE, "", description, (state, value) -> handler.apply(state));
    }

    static <B> OptionSpec<B> required(String names, String argName, String description, Handler<B> handler) {
        return of(names, Argument.REQUIRED, argName, description, handler);
    }

    static <B> OptionSpec<B> optional(String names, String argName, String description, Handler<B> handler) {
        return of(names, Argument.OPTIONAL, argName, description, handler);
    }

    /** The same option, left out of {@code --help}. */
    static <B> OptionSpec<B> undocumented(OptionSpec<B> o) {
        return new OptionSpec<>(o.shortNames, o.longNames, o.argument, o.argName, o.description, true, o.ends,
                o.handler);
    }

    /** The same option, ending the parse: later arguments are ignored, even bad ones. */
    static <B> OptionSpec<B> endsParse(OptionSpec<B> o) {
        return new OptionSpec<>(o.shortNames, o.longNames, o.argument, o.argName, o.description, o.hidden, true,
                o.handler);
    }

    /** The left column of {@code --help}: "-S, --signal NUM", "--backup[=NAME]". */
    String label() {
        List<String> names = new ArrayList<>();
        shortNames.chars().forEach(c -> names.add("-" + (char) c));
        longNames.forEach(n -> names.add("--" + n));
        String label = String.join(", ", names);
        return switch (argument) {
            case NONE -> label;
            case REQUIRED -> label + " " + argName;
            case OPTIONAL -> label + "[=" + argName + "]";
        };
    }

    private static <B> OptionSpec<B> of(String names, Argument argument, String argName, String description,
                                        Handler<B> handler) {
        StringBuilder shorts = new StringBuilder();
        List<String> longs = new ArrayList<>();
        for (String name : names.split(" ")) {
            if (name.startsWith("--")) {
                longs.add(name.substring(2));
            } else if (name.length() == 2 && name.charAt(0) == '-') {
                shorts.append(name.charAt(1));
            } else {
                throw new IllegalArgumentException("bad option name '" + name + "' in '" + names + "'");
            }
        }
        return new OptionSpec<>(shorts.toString(), longs, argument, argName, description, false, false, handler);
    }
}
