package cr4j.cli;

import cr4j.sys.ErrnoException;

import cr4j.checkpoint.Checkpointer;
import cr4j.image.ContextTarget;
import cr4j.image.proto.Scope;
import cr4j.libcr.CallbackFailure;
import cr4j.memory.SavedFiles;
import cr4j.sys.Errno;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/** cr_checkpoint: BLCR's command (BLCR-SPEC.md section 1). */
public final class CheckpointCommand {
    private CheckpointCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        CheckpointOptions options;
        try {
            options = CheckpointOptions.parse(args);
        } catch (OptionError e) {
            System.err.print(e.stderrText(Usage.CHECKPOINT));
            return e.exitCode();
        }
        return switch (options.action()) {
            case HELP -> print(Usage.CHECKPOINT.help());
            case VERSION -> print(Usage.CHECKPOINT.version());
            case EXECUTE -> checkpoint(options);
        };
    }

    private static int print(String text) {
        System.out.print(text);
        return 0;
    }

    private static int checkpoint(CheckpointOptions o) {
        ContextTarget target = target(o);
        if (o.verbosity() > 0) {
            System.out.println("cr_checkpoint: saving " + o.idText() + " to " + target.name());
        }
        Checkpointer checkpointer = new Checkpointer();
        try {
            checkpointer.checkpoint(new Checkpointer.Request(scope(o.scope()), o.id(), target, o.signal(),
                    o.ptraced(), o.ptracer(), saved(o.dumpFlags()), o.timeLimitSeconds()));
            printMessages(o, checkpointer, o.kmsg() == KernelMessages.WARNING);
            return 0;
        } catch (RuntimeException e) {
            // A fault of cr4j itself: still one line, and the target was let go as it was.
            printMessages(o, checkpointer, o.kmsg() != KernelMessages.NONE);
            return fail(o, new IOException("internal error: " + e, e));
        } catch (IOException e) {
            printMessages(o, checkpointer, o.kmsg() != KernelMessages.NONE);
            return fail(o, e);
        }
    }

    /** BLCR's kernel messages, each on a line of its own after "- " (BLCR-SPEC.md 1.2). */
    private static void printMessages(CheckpointOptions o, Checkpointer checkpointer, boolean wanted) {
        if (wanted && !o.quiet()) {
            checkpointer.warnings().forEach(w -> System.err.println("- " + w));
        }
    }

    private static int fail(CheckpointOptions o, IOException e) {
        if (!o.quiet()) {
            // A callback's verdict or the time limit is a line of its own (BLCR-SPEC.md 1.4).
            System.err.println(e instanceof CallbackFailure ? e.getMessage() : "Checkpoint failed: " + e.getMessage());
        }
        return Errno.exitStatus(ErrnoException.errnoOf(e));
    }

    private static SavedFiles saved(int flags) {
        Set<SavedFiles.Kind> kinds = EnumSet.noneOf(SavedFiles.Kind.class);
        if ((flags & CheckpointOptions.DUMP_EXEC) != 0) {
            kinds.add(SavedFiles.Kind.EXECUTABLE);
        }
        if ((flags & CheckpointOptions.DUMP_PRIVATE) != 0) {
            kinds.add(SavedFiles.Kind.PRIVATE);
        }
        if ((flags & CheckpointOptions.DUMP_SHARED) != 0) {
            kinds.add(SavedFiles.Kind.SHARED);
        }
        return new SavedFiles(kinds, "");
    }

    private static ContextTarget target(CheckpointOptions o) {
        if (o.destination() instanceof ContextLocation.Descriptor d) {
            return ContextTarget.descriptor(d.fd());
        }
        Path path = ((ContextLocation.File) o.destination()).path();
        ContextTarget target = ContextTarget.file(path, switch (o.replace()) {
            case ATOMIC -> ContextTarget.Policy.ATOMIC;
            case BACKUP -> ContextTarget.Policy.BACKUP;
            case CLOBBER -> ContextTarget.Policy.CLOBBER;
            case NOCLOBBER -> ContextTarget.Policy.NOCLOBBER;
        });
        if (o.backupName().isPresent()) {
            target = target.withBackupName(Path.of(o.backupName().get()));
        }
        return o.sync() ? target : target.withoutSync();
    }

    private static Scope scope(cr4j.cli.Scope scope) {
        return switch (scope) {
            case TREE -> Scope.SCOPE_TREE;
            case PID -> Scope.SCOPE_PID;
            case PGID -> Scope.SCOPE_PGID;
            case SID -> Scope.SCOPE_SID;
        };
    }
}
