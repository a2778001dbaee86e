package cr4j.cli;

import java.util.Optional;

/**
 * One {@code --relocate OLDPATH=NEWPATH} rule: a saved path whose leading whole components are
 * {@code from} gets that prefix replaced by {@code to}. Both are absolute, without trailing slash
 * (except the root itself).
 */
public record Relocation(String from, String to) {

    /**
     * Parses OLDPATH=NEWPATH, where "\=" stands for '=' and "\\" for '\' (any other backslash is
     * literal). Returns empty for an identity mapping, which changes nothing.
     */
    static Optional<Relocation> parse(String arg) throws OptionError {
        StringBuilder from = new StringBuilder();
        StringBuilder to = null;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            StringBuilder side = to == null ? from : to;
            if (c == '\\' && i + 1 < arg.length() && (arg.charAt(i + 1) == '=' || arg.charAt(i + 1) == '\\')) {
                side.append(arg.charAt(++i));
            } else if (c == '=' && to != null) {
                throw OptionError.invalid("Relocation argument '" + arg
                        + "' contains multiple unescaped '=' characters.");
            } else if (c == '=') {
                to = new StringBuilder();
            } else {
                side.append(c);
            }
        }
        if (to == null) {
            throw OptionError.invalid("Relocation argument '" + arg + "' contains no unescaped '=' characters.");
        }
        if (!from.toString().startsWith("/") || !to.toString().startsWith("/")) {
            throw OptionError.invalid("Relocation paths must begin with '/', but have '" + arg + "'");
        }
        Relocation rule = new Relocation(trimTrailingSlashes(from.toString()), trimTrailingSlashes(to.toString()));
        return rule.from.equals(rule.to) ? Optional.empty() : Optional.of(rule);
    }

    /** {@code path} with this rule applied, or empty when {@code from} is not a leading part of it. */
    public Optional<String> apply(String path) {
        if (path.equals(from)) {
            return Optional.of(to);
        }
        String prefix = from.equals("/") ? "/" : from + "/";
        if (!path.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = path.substring(prefix.length());
        return Optional.of(to.equals("/") ? "/" + rest : to + "/" + rest);
    }

    private static String trimTrailingSlashes(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(0, end);
    }
}
