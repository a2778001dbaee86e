package cr4j.cli;

import static cr4j.cli.OptionSpec.endsParse;
import static cr4j.cli.OptionSpec.flag;
import static cr4j.cli.OptionSpec.required;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A parsed {@code cr_restart [options] [checkpoint_file]} command line (BLCR-SPEC.md 2.1, 2.2).
 * When {@code action} is HELP or VERSION the other components are defaults and {@code source}
 * is null.
 *
 * @param signal sent to every restored process once the restart completes; 0 for none
 * @param relocations the {@code --relocate} rules in command-line order, identities dropped
 * @param restorePid restore the saved pids and tids (else the kernel picks new ones)
 * @param restorePgid restore the saved process groups (else join cr_restart's)
 * @param restoreSid restore the saved sessions (else join cr_restart's)
 */
public record RestartOptions(Action action, ContextLocation source, int signal, OmitPolicy omit,
                             FailureHooks hooks, List<Relocation> relocations, boolean restorePid,
                             boolean restorePgid, boolean restoreSid, KernelMessages kmsg, boolean quiet) {

    /** BLCR's limit on {@code --relocate} rules. */
    public static final int MAX_RELOCATIONS = 16;

    public RestartOptions {
        relocations = List.copyOf(relocations);
    }

    /** {@code path} after the first relocation rule that matches it, or unchanged. */
    public String relocate(String path) {
        for (Relocation rule : relocations) {
            Optional<String> moved = rule.apply(path);
            if (moved.isPresent()) {
                return moved.get();
            }
        }
        return path;
    }

    /** The mutable state options write into, in command-line order. */
    private static final class Builder {
        Action action = Action.EXECUTE;
        ContextLocation source;
        int signal = PostSignal.NONE;
        OmitPolicy omit = OmitPolicy.MAYBE;
        FailureHooks hooks = FailureHooks.NONE;
        final List<Relocation> relocations = new ArrayList<>();
        boolean restorePid = true;
        boolean restorePgid;
        boolean restoreSid;
        KernelMessages kmsg = KernelMessages.ERROR;
        boolean quiet;
        boolean sourceOption;

        /** Source options exclude each other, including a repeat of the same one. */
        void source(ContextLocation location) throws OptionError {
            if (sourceOption) {
                throw OptionError.invalid("multiple source arguments specified");
            }
            sourceOption = true;
            source = location;
        }

        void relocate(String arg) throws OptionError {
            Optional<Relocation> rule = Relocation.parse(arg);
            if (rule.isEmpty()) {
                return;
            }
            if (relocations.size() == MAX_RELOCATIONS) {
                throw OptionError.invalid("Too many relocations (max is " + MAX_RELOCATIONS + ").");
            }
            relocations.add(rule.get());
        }

        RestartOptions build() {
            return new RestartOptions(action, source, signal, omit, hooks, relocations, restorePid, restorePgid,
                    restoreSid, kmsg, quiet);
        }
    }

    static final GetoptParser<Builder> PARSER = GetoptParser.<Builder>command("cr_restart", "[options] [FILE]",
                    "Restart the processes saved in context file FILE (or given with -f or -F).")
            .section("General options:",
                    endsParse(flag("-h -? --help", "print this help and exit", b -> b.action = Action.HELP)),
                    endsParse(flag("-v --version", "print the version and exit", b -> b.action = Action.VERSION)),
                    flag("-q --quiet", "print no messages of cr_restart's own on stderr", b -> b.quiet = true))
            .section("Source options (give at most one):",
                    required("-f --file", "FILE", "read the context from FILE",
                            (b, v) -> b.source(new ContextLocation.File(Path.of(v)))),
                    required("-F --fd", "FD", "read the context from the open descriptor FD (0 for stdin)",
                            (b, v) -> b.source(new ContextLocation.Descriptor(descriptor(v)))),
                    required("-d --dir", "DIR", "read one context per process from directory DIR"
                            + " (not implemented)", (b, v) -> {
                        b.source(null);
                        throw OptionError.invalid("-d flag not yet implemented");
                    }))
            .section("Signal options (the last one wins):", withFreeze(
                    PostSignal.<Builder>options((b, s) -> b.signal = s, "after the restart")))
            .section("Checkpoint options, for when cr_restart is inside a later checkpoint:",
                    flag("--omit-maybe", "leave cr_restart out if it is the target or an orphan (default)",
                            b -> b.omit = OmitPolicy.MAYBE),
                    flag("--omit-always", "always leave cr_restart out", b -> b.omit = OmitPolicy.ALWAYS),
                    flag("--omit-never", "never leave cr_restart out", b -> b.omit = OmitPolicy.NEVER))
            .section("Hooks (shell commands; a non-zero exit becomes cr_restart's exit status):",
                    required("--run-on-success", "CMD", "run CMD once the restored processes are running",
                            (b, v) -> b.hooks = b.hooks.withSuccess(v)),
                    required("--run-on-fail-args", "CMD", "run CMD on invalid arguments or context file",
                            (b, v) -> b.hooks = b.hooks.withFailure(FailureCategory.ARGS, v)),
                    required("--run-on-fail-temp", "CMD", "run CMD on a temporary failure (ENOMEM, EBUSY)",
                            (b, v) -> b.hooks = b.hooks.withFailure(FailureCategory.TEMP, v)),
                    required("--run-on-fail-env", "CMD", "run CMD on a failure of the environment"
                                    + " (missing files, permissions)",
                            (b, v) -> b.hooks = b.hooks.withFailure(FailureCategory.ENV, v)),
                    required("--run-on-fail-perm", "CMD", "run CMD on a permanent failure (any other error)",
                            (b, v) -> b.hooks = b.hooks.withFailure(FailureCategory.PERM, v)),
                    required("--run-on-failure", "CMD", "run CMD on every kind of failure",
                            (b, v) -> b.hooks = b.hooks.withAllFailures(v)))
            .section("Relocation options:",
                    required("--relocate", "OLDPATH=NEWPATH", "map saved paths under OLDPATH to NEWPATH"
                            + " (up to " + MAX_RELOCATIONS + "; '\\=' is '=', '\\\\' is '\\')",
                            (b, v) -> b.relocate(v)))
            .section("Identifier options (the last of each pair wins):",
                    flag("--restore-pid", "restore the saved pids and thread ids (default)",
                            b -> b.restorePid = true),
                    flag("--no-restore-pid", "give the restored processes new pids", b -> b.restorePid = false),
                    flag("--restore-pgid", "restore the saved process groups", b -> b.restorePgid = true),
                    flag("--no-restore-pgid", "join cr_restart's process group (default)",
                            b -> b.restorePgid = false),
                    flag("--restore-sid", "restore the saved sessions", b -> b.restoreSid = true),
                    flag("--no-restore-sid", "join cr_restart's session (default)", b -> b.restoreSid = false))
            .section("Message options (the last one wins):",
                    KernelMessages.<Builder>options((b, k) -> b.kmsg = k))
            .build();

    /** Parses a command line (without the program name). */
    public static RestartOptions parse(String... args) throws OptionError {
        Builder builder = new Builder();
        try {
            List<String> operands = PARSER.parse(args, builder);
            if (builder.action == Action.EXECUTE) {
                sourceOperand(builder, operands);
            }
            return builder.build();
        } catch (OptionError e) {
            throw e.seenWith(builder.quiet, builder.hooks.args());
        }
    }

    /** With -f or -F no operand is allowed; without, exactly one: the context file. */
    private static void sourceOperand(Builder builder, List<String> operands) throws OptionError {
        if (builder.sourceOption && !operands.isEmpty()) {
            throw OptionError.usage("Unexpected argument '" + operands.getFirst() + "' after a source option.");
        }
        if (builder.sourceOption) {
            return;
        }
        if (operands.size() != 1) {
            throw OptionError.usage(operands.isEmpty() ? "Missing context file."
                    : "Only one context file is allowed, but got '" + String.join("' '", operands) + "'.");
        }
        builder.source = new ContextLocation.File(Path.of(operands.getFirst()));
    }

    /** BLCR also accepts {@code --freeze} for {@code --stop}, without documenting it. */
    private static List<OptionSpec<Builder>> withFreeze(List<OptionSpec<Builder>> signalOptions) {
        List<OptionSpec<Builder>> all = new ArrayList<>(signalOptions);
        all.add(OptionSpec.undocumented(flag("--freeze", "same as --stop", b -> b.signal = PostSignal.SIGSTOP)));
        return all;
    }

    private static int descriptor(String text) throws OptionError {
        int fd = Decimal.option("--fd", text);
        if (fd < 0) {
            // BLCR's misspelling is kept: it is observable output.
            throw OptionError.invalid("FD argument must be a non-negatvive integer (" + fd + " was given)");
        }
        return fd;
    }
}
