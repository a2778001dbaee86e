package cr4j.cli;

import cr4j.checkpoint.PtracedPolicy;
import cr4j.checkpoint.PtracerPolicy;
import static cr4j.cli.OptionSpec.endsParse;
import static cr4j.cli.OptionSpec.flag;
import static cr4j.cli.OptionSpec.optional;
import static cr4j.cli.OptionSpec.required;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A parsed {@code cr_checkpoint [options] ID} command line (BLCR-SPEC.md 1.2). When
 * {@code action} is HELP or VERSION the other components are defaults, {@code idText} is empty
 * and {@code destination} is null.
 *
 * @param idText the ID exactly as given; it names the default context file "context.ID"
 * @param backupName the name an existing target is renamed to under BACKUP; empty for the first
 *     free "TARGET.~N~"
 * @param signal sent to every process after the checkpoint; 0 for none
 * @param dumpFlags which file-backed mappings are saved by content: DUMP_* bits
 * @param timeLimitSeconds time allowed for the checkpoint; 0 for unbounded
 */
public record CheckpointOptions(Action action, Scope scope, int id, String idText, ContextLocation destination,
                                ReplacePolicy replace, Optional<String> backupName, int signal, boolean sync,
                                int dumpFlags, PtracedPolicy ptraced, PtracerPolicy ptracer, KernelMessages kmsg,
                                int timeLimitSeconds, int verbosity, boolean quiet) {

    /** BLCR's CR_CHKPT_DUMP_* values: save the executable's mappings. */
    public static final int DUMP_EXEC = 0x200;
    /** Save every MAP_PRIVATE file mapping (executable and shared libraries included). */
    public static final int DUMP_PRIVATE = 0x400;
    /** Save every MAP_SHARED file mapping. */
    public static final int DUMP_SHARED = 0x800;
    public static final int DUMP_ALL = DUMP_EXEC | DUMP_PRIVATE | DUMP_SHARED;

    /** The mutable state options write into, in command-line order. */
    private static final class Builder {
        Action action = Action.EXECUTE;
        Scope scope = Scope.TREE;
        String destinationOption;
        String file;
        OptionalInt fd = OptionalInt.empty();
        ReplacePolicy replace = ReplacePolicy.ATOMIC;
        Optional<String> backupName = Optional.empty();
        int signal = PostSignal.NONE;
        boolean sync = true;
        int dumpFlags;
        PtracedPolicy ptraced = PtracedPolicy.ERROR;
        PtracerPolicy ptracer = PtracerPolicy.ERROR;
        KernelMessages kmsg = KernelMessages.ERROR;
        int timeLimitSeconds;
        int verbosity;
        boolean quiet;

        /** Destinations exclude each other, including a repeat of the same one. */
        void destination(String option) throws OptionError {
            if (destinationOption != null) {
                throw OptionError.invalid("conflicting destinations: " + destinationOption + " and " + option
                        + " (give only one of -c, -f, -F, -d)");
            }
            destinationOption = option;
        }

        void replace(ReplacePolicy policy, Optional<String> backup) {
            replace = policy;
            backupName = backup;
        }

        CheckpointOptions build(int id, String idText) {
            ContextLocation destination = fd.isPresent()
                    ? new ContextLocation.Descriptor(fd.getAsInt())
                    : new ContextLocation.File(Path.of(file != null ? file : "context." + idText));
            return new CheckpointOptions(action, scope, id, idText, destination, replace, backupName, signal,
                    sync, dumpFlags, ptraced, ptracer, kmsg, timeLimitSeconds, verbosity, quiet);
        }

        CheckpointOptions early() {
            return new CheckpointOptions(action, scope, 0, "", null, replace, backupName, signal, sync,
                    dumpFlags, ptraced, ptracer, kmsg, timeLimitSeconds, verbosity, quiet);
        }
    }

    static final GetoptParser<Builder> PARSER = GetoptParser.<Builder>command("cr_checkpoint", "[options] ID",
                    "Save the process, tree, process group or session ID to a context file.")
            .section("General options:",
                    flag("-v --verbose", "print progress messages (repeat for more)", b -> b.verbosity++),
                    flag("-q --quiet", "print nothing on stderr, not even errors", b -> b.quiet = true),
                    endsParse(flag("-h -? --help", "print this help and exit", b -> b.action = Action.HELP)),
                    endsParse(flag("--version", "print the version and exit", b -> b.action = Action.VERSION)))
            .section("Scope options (the last one wins):",
                    flag("-T --tree", "ID is a pid: that process and its descendants (default)",
                            b -> b.scope = Scope.TREE),
                    flag("-p --pid --process", "ID is a pid: that process alone", b -> b.scope = Scope.PID),
                    flag("-g --pgid --group", "ID is a process group: all its processes",
                            b -> b.scope = Scope.PGID),
                    flag("-s --sid --session", "ID is a session: all its processes", b -> b.scope = Scope.SID))
            .section("Destination options (give at most one):",
                    flag("-c --cwd", "write 'context.ID' in the current directory (default)",
                            b -> b.destination("--cwd")),
                    required("-f --file", "FILE", "write the context to FILE", (b, v) -> {
                        b.destination("--file");
                        b.file = v;
                    }),
                    required("-F --fd", "FD", "write the context to the open descriptor FD", (b, v) -> {
                        b.destination("--fd");
                        b.fd = OptionalInt.of(descriptor(v));
                    }),
                    required("-d --dir", "DIR", "write one context per process in new directory DIR"
                            + " (not implemented)", (b, v) -> {
                        b.destination("--dir");
                        throw OptionError.invalid("-d flag not yet implemented");
                    }))
            .section("Replacement options for a file destination (the last one wins):",
                    flag("--atomic", "write a temporary file, rename it over the target on success (default)",
                            b -> b.replace(ReplacePolicy.ATOMIC, Optional.empty())),
                    optional("--backup", "NAME", "as --atomic, first renaming an existing target to NAME"
                            + " or TARGET.~N~", (b, v) -> b.replace(ReplacePolicy.BACKUP, Optional.ofNullable(v))),
                    flag("--clobber", "write straight into the target (removed if the checkpoint fails)",
                            b -> b.replace(ReplacePolicy.CLOBBER, Optional.empty())),
                    flag("--noclobber", "fail if the target exists",
                            b -> b.replace(ReplacePolicy.NOCLOBBER, Optional.empty())))
            .section("Signal options (the last one wins):",
                    PostSignal.<Builder>options((b, s) -> b.signal = s, "after the checkpoint"))
            .section("File system options:",
                    flag("--sync", "flush the context file and its directory to disk (default)",
                            b -> b.sync = true),
                    flag("--nosync", "do not flush to disk", b -> b.sync = false))
            .section("Memory options (added left to right):",
                    flag("--save-none", "save file mappings by reference only (default)", b -> b.dumpFlags = 0),
                    flag("--save-exe", "also save the contents of the executable's mappings",
                            b -> b.dumpFlags |= DUMP_EXEC),
                    flag("--save-private", "also save private file mappings, shared libraries included",
                            b -> b.dumpFlags |= DUMP_PRIVATE),
                    flag("--save-shared", "also save shared file mappings (SysV shared memory shows as one)",
                            b -> b.dumpFlags |= DUMP_SHARED),
                    flag("--save-all", "all of the three above", b -> b.dumpFlags |= DUMP_ALL))
            .section("ptrace options:",
                    flag("--ptraced-error", "fail if a target is being traced (default)",
                            b -> b.ptraced = PtracedPolicy.ERROR),
                    flag("--ptraced-skip", "leave out traced targets and their descendants",
                            b -> b.ptraced = PtracedPolicy.SKIP),
                    flag("--ptraced-allow", "checkpoint traced targets too",
                            b -> b.ptraced = PtracedPolicy.ALLOW),
                    flag("--ptracer-error", "fail if a target is tracing others (default)",
                            b -> b.ptracer = PtracerPolicy.ERROR),
                    flag("--ptracer-skip", "leave out tracing targets and their descendants",
                            b -> b.ptracer = PtracerPolicy.SKIP))
            .section("Message options (the last one wins):",
                    KernelMessages.<Builder>options((b, k) -> b.kmsg = k))
            .section("Other options:",
                    required("-t --time", "SEC", "cancel the checkpoint (exit 50) if the targets' libcr"
                            + " callbacks take more than SEC seconds (0: no limit)",
                            (b, v) -> b.timeLimitSeconds = timeLimit(v)))
            .build();

    /** Parses a command line (without the program name). */
    public static CheckpointOptions parse(String... args) throws OptionError {
        Builder builder = new Builder();
        try {
            List<String> operands = PARSER.parse(args, builder);
            if (builder.action != Action.EXECUTE) {
                return builder.early();
            }
            String idText = single(operands);
            return builder.build(id(idText), idText);
        } catch (OptionError e) {
            throw e.seenWith(builder.quiet, "");
        }
    }

    private static String single(List<String> operands) throws OptionError {
        if (operands.isEmpty()) {
            throw OptionError.usage("Missing ID.");
        }
        if (operands.size() > 1) {
            throw OptionError.usage("Only one ID is allowed, but got '" + String.join("' '", operands) + "'.");
        }
        return operands.getFirst();
    }

    private static int id(String text) throws OptionError {
        OptionalInt id = Decimal.parse(text);
        if (id.isEmpty() || id.getAsInt() < 0 || !Character.isDigit(text.charAt(0))) {
            throw OptionError.usage("ID must be a decimal number, but got '" + text + "'.");
        }
        return id.getAsInt();
    }

    private static int descriptor(String text) throws OptionError {
        int fd = Decimal.option("--fd", text);
        if (fd < 0) {
            throw OptionError.invalid("FD argument must be a non-negative integer (" + fd + " was given)");
        }
        return fd;
    }

    private static int timeLimit(String text) throws OptionError {
        int seconds = Decimal.option("--time", text);
        if (seconds < 0) {
            throw OptionError.invalid("Time limit must be non-negative.");
        }
        return seconds;
    }
}
