package cr4j.cli;

import java.util.List;
import java.util.function.ObjIntConsumer;

/**
 * The signal sent to every process once a checkpoint or restart completes; 0 means none
 * ({@code --run}). Both commands share these options; the last one given wins.
 */
final class PostSignal {
    static final int NONE = 0;
    static final int SIGABRT = 6;
    static final int SIGKILL = 9;
    static final int SIGTERM = 15;
    static final int SIGCONT = 18;
    static final int SIGSTOP = 19;
    /** _NSIG - 1 on Linux. */
    static final int MAX = 64;

    private PostSignal() {}

    /** The options; {@code when} ends each description, e.g. "after the checkpoint". */
    static <B> List<OptionSpec<B>> options(ObjIntConsumer<B> set, String when) {
        return List.of(
                OptionSpec.flag("--run", "let the processes run " + when + " (default)",
                        b -> set.accept(b, NONE)),
                OptionSpec.required("-S --signal", "NUM", "send signal NUM (1 to " + MAX + ") " + when,
                        (b, v) -> set.accept(b, number(v))),
                OptionSpec.flag("--stop", "send SIGSTOP " + when, b -> set.accept(b, SIGSTOP)),
                OptionSpec.flag("--term", "send SIGTERM " + when, b -> set.accept(b, SIGTERM)),
                OptionSpec.flag("--abort", "send SIGABRT " + when, b -> set.accept(b, SIGABRT)),
                OptionSpec.flag("--kill", "send SIGKILL " + when, b -> set.accept(b, SIGKILL)),
                OptionSpec.flag("--cont", "send SIGCONT " + when + ", waking processes that were stopped",
                        b -> set.accept(b, SIGCONT)));
    }

    private static int number(String text) throws OptionError {
        int signal = Decimal.option("--signal", text);
        if (signal < 1 || signal > MAX) {
            throw OptionError.invalid("Valid signal numbers are from 1 to " + MAX + ", inclusive.");
        }
        return signal;
    }
}
