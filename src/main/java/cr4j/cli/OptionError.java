package cr4j.cli;

import cr4j.sys.Errno;
import java.util.Optional;

/**
 * A command line the command refuses. It knows the exit status, the line to print, whether the
 * usage text follows it, and what the options seen before the error asked for: {@code --quiet}
 * (print nothing) and, for cr_restart, the {@code --run-on-fail-args} command to run.
 */
public final class OptionError extends Exception {
    /** Exit status of a usage error, as BLCR's tools use it. */
    public static final int USAGE_EXIT = 255;

    private final int exitCode;
    private final String message;
    private final boolean showUsage;
    private final boolean quiet;
    private final String failArgsHook;

    private OptionError(int exitCode, String message, boolean showUsage, boolean quiet, String failArgsHook) {
        super(message);
        this.exitCode = exitCode;
        this.message = message;
        this.showUsage = showUsage;
        this.quiet = quiet;
        this.failArgsHook = failArgsHook;
    }

    /** A malformed command line: the message (may be empty), then the usage text; exit 255. */
    static OptionError usage(String message) {
        return new OptionError(USAGE_EXIT, message, true, false, "");
    }

    /** A well-formed option with a value BLCR rejects: the message alone; exit EINVAL (22). */
    static OptionError invalid(String message) {
        return new OptionError(Errno.EINVAL, message, false, false, "");
    }

    /** The same error, knowing what the options parsed before it asked for. */
    OptionError seenWith(boolean quiet, String failArgsHook) {
        return new OptionError(exitCode, message, showUsage, quiet, failArgsHook);
    }

    public int exitCode() {
        return exitCode;
    }

    /** The line to print before any usage text; empty when the usage text says it all. */
    public String message() {
        return message;
    }

    public boolean showUsage() {
        return showUsage;
    }

    /** True when {@code -q} came before the error: nothing at all goes to stderr. */
    public boolean quiet() {
        return quiet;
    }

    /** The shell command cr_restart runs before exiting (its fail-args hook), if one was given. */
    public Optional<String> failArgsHook() {
        return failArgsHook.isEmpty() ? Optional.empty() : Optional.of(failArgsHook);
    }

    /** Everything the command writes to stderr for this error. */
    public String stderrText(Usage usage) {
        if (quiet) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (!message.isEmpty()) {
            out.append(message).append('\n');
        }
        if (showUsage) {
            out.append(usage.help());
        }
        return out.toString();
    }
}
