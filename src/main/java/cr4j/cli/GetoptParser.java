package cr4j.cli;

import cr4j.cli.OptionSpec.Argument;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses a command line against one command's option table the way GNU getopt_long does:
 * options and operands may be mixed, "--" ends the options, short options bundle ("-qT", "-S9"),
 * long options take "--opt=VAL" or "--opt VAL" and may be shortened to an unambiguous prefix.
 * The same table renders {@code --help}.
 */
final class GetoptParser<B> {
    private record Section<B>(String title, List<OptionSpec<B>> options) {}

    private final String program;
    private final String synopsis;
    private final String summary;
    private final List<Section<B>> sections;

    private GetoptParser(String program, String synopsis, String summary, List<Section<B>> sections) {
        this.program = program;
        this.synopsis = synopsis;
        this.summary = summary;
        this.sections = List.copyOf(sections);
    }

    static <B> Builder<B> command(String program, String synopsis, String summary) {
        return new Builder<>(program, synopsis, summary);
    }

    static final class Builder<B> {
        private final String program;
        private final String synopsis;
        private final String summary;
        private final List<Section<B>> sections = new ArrayList<>();

        private Builder(String program, String synopsis, String summary) {
            this.program = program;
            this.synopsis = synopsis;
            this.summary = summary;
        }

        @SafeVarargs
        final Builder<B> section(String title, OptionSpec<B>... options) {
            return section(title, List.of(options));
        }

        Builder<B> section(String title, List<OptionSpec<B>> options) {
            sections.add(new Section<>(title, List.copyOf(options)));
            return this;
        }

        GetoptParser<B> build() {
            return new GetoptParser<>(program, synopsis, summary, sections);
        }
    }

    /**
     * Applies every option of {@code args} to {@code state}, in order, and returns the operands.
     * The first error stops parsing, so {@code state} then holds what the options before it said;
     * so does a final option such as {@code --help}, which ignores everything after it.
     */
    List<String> parse(String[] args, B state) throws OptionError {
        return new Run(args, state).parse();
    }

    /** The progress of one parse. */
    private final class Run {
        private final String[] args;
        private final B state;
        private final List<String> operands = new ArrayList<>();
        private int next;
        private boolean finished;

        Run(String[] args, B state) {
            this.args = args;
            this.state = state;
        }

        List<String> parse() throws OptionError {
            while (next < args.length && !finished) {
                String arg = args[next++];
                if (arg.equals("--")) {
                    operands.addAll(List.of(args).subList(next, args.length));
                    break;
                }
                if (arg.startsWith("--")) {
                    parseLong(arg);
                } else if (arg.startsWith("-") && arg.length() > 1) {
                    parseShortCluster(arg);
                } else {
                    operands.add(arg);
                }
            }
            return operands;
        }

        /** "--name", "--name=value" or "--name value". */
        private void parseLong(String arg) throws OptionError {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            String attached = eq < 0 ? null : arg.substring(eq + 1);
            OptionSpec<B> spec = findLong(name);
            String shown = "--" + name;
            switch (spec.argument()) {
                case NONE -> {
                    if (attached != null) {
                        throw OptionError.usage(program + ": option '" + shown + "' doesn't allow an argument");
                    }
                    apply(spec, null);
                }
                case OPTIONAL -> apply(spec, attached);
                case REQUIRED -> {
                    if (attached == null && next >= args.length) {
                        throw OptionError.usage(program + ": option '" + shown + "' requires an argument");
                    }
                    apply(spec, attached != null ? attached : args[next++]);
                }
            }
        }

        /** "-abc", "-S9" or "-S 9". */
        private void parseShortCluster(String arg) throws OptionError {
            for (int j = 1; j < arg.length() && !finished; j++) {
                char c = arg.charAt(j);
                OptionSpec<B> spec = findShort(c);
                String rest = arg.substring(j + 1);
                if (spec.argument() == Argument.NONE) {
                    apply(spec, null);
                    continue;
                }
                if (!rest.isEmpty() || spec.argument() == Argument.OPTIONAL) {
                    apply(spec, rest.isEmpty() ? null : rest);
                    return;
                }
                if (next >= args.length) {
                    throw OptionError.usage(program + ": option requires an argument -- '" + c + "'");
                }
                apply(spec, args[next++]);
                return;
            }
        }

        private void apply(OptionSpec<B> spec, String value) throws OptionError {
            spec.handler().apply(state, value);
            finished = spec.ends();
        }
    }

    private OptionSpec<B> findShort(char c) throws OptionError {
        for (OptionSpec<B> spec : allOptions()) {
            if (spec.shortNames().indexOf(c) >= 0) {
                return spec;
            }
        }
        throw OptionError.usage(program + ": invalid option -- '" + c + "'");
    }

    private OptionSpec<B> findLong(String name) throws OptionError {
        Set<OptionSpec<B>> candidates = new LinkedHashSet<>();
        List<String> candidateNames = new ArrayList<>();
        for (OptionSpec<B> spec : allOptions()) {
            for (String longName : spec.longNames()) {
                if (longName.equals(name)) {
                    return spec;
                }
                if (!name.isEmpty() && longName.startsWith(name)) {
                    candidates.add(spec);
                    candidateNames.add("'--" + longName + "'");
                }
            }
        }
        if (candidates.size() == 1) {
            return candidates.iterator().next();
        }
        if (candidates.isEmpty()) {
            throw OptionError.usage(program + ": unrecognized option '--" + name + "'");
        }
        throw OptionError.usage(program + ": option '--" + name + "' is ambiguous; possibilities: "
                + String.join(" ", candidateNames));
    }

    private List<OptionSpec<B>> allOptions() {
        return sections.stream().flatMap(s -> s.options().stream()).toList();
    }

    /** The {@code --help} text, also printed on stderr after a usage error. */
    String help() {
        int width = allOptions().stream().filter(o -> !o.hidden())
                .mapToInt(o -> o.label().length()).max().orElse(0) + 4;
        StringBuilder out = new StringBuilder();
        out.append("Usage: ").append(program).append(' ').append(synopsis).append('\n');
        out.append(summary).append('\n');
        for (Section<B> section : sections) {
            out.append('\n').append(section.title()).append('\n');
            for (OptionSpec<B> option : section.options()) {
                if (!option.hidden()) {
                    String label = "  " + option.label();
                    out.append(label).append(" ".repeat(width - label.length()))
                            .append(option.description()).append('\n');
                }
            }
        }
        return out.toString();
    }
}
