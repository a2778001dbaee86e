package cr4j.cli;

import java.util.List;
import java.util.function.BiConsumer;

/** When the messages collected for a request are printed (each on stderr, prefixed with "- "). */
public enum KernelMessages {
    NONE,
    /** Only when the request failed, before the error line. */
    ERROR,
    /** Always; after a success they are warnings. */
    WARNING;

    /** The {@code --kmsg-*} options both commands share; the last one given wins. */
    static <B> List<OptionSpec<B>> options(BiConsumer<B, KernelMessages> set) {
        return List.of(
                OptionSpec.flag("--kmsg-none", "never print messages about the request",
                        b -> set.accept(b, NONE)),
                OptionSpec.flag("--kmsg-error", "print messages about the request if it fails (default)",
                        b -> set.accept(b, ERROR)),
                OptionSpec.flag("--kmsg-warning", "print messages about the request even when it succeeds",
                        b -> set.accept(b, WARNING)));
    }
}
