package cr4j.cli;

import cr4j.image.ContextImage;
import cr4j.restart.ContextOwner;
import cr4j.restart.ExitMirror;
import cr4j.restart.Restarter;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** cr_restart: BLCR's command (BLCR-SPEC.md section 2). */
public final class RestartCommand {
    private RestartCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        RestartOptions options;
        try {
            options = RestartOptions.parse(args);
        } catch (OptionError e) {
            System.err.print(e.stderrText(Usage.RESTART));
            return hook(e.failArgsHook()).orElse(e.exitCode());
        }
        return switch (options.action()) {
            case HELP -> print(Usage.RESTART.help());
            case VERSION -> print(Usage.RESTART.version());
            case EXECUTE -> restart(options);
        };
    }

    private static int print(String text) {
        System.out.print(text);
        return 0;
    }

    private static int restart(RestartOptions o) {
        if (!o.restorePid() && (o.restorePgid() || o.restoreSid())) {
            // BLCR: the original group or session is in use, or has no restored leader.
            return fail(o, FailureCategory.TEMP, "Restart failed: --restore-pgid and --restore-sid need the"
                    + " original PIDs", Errno.exitStatus(Errno.EBUSY));
        }
        ContextImage image;
        try {
            image = open(o.source());
        } catch (NoSuchFileException e) {
            return fail(o, FailureCategory.ARGS, "Failed to open(" + o.source().displayName()
                    + ", O_RDONLY): No such file or directory", OptionError.USAGE_EXIT);
        } catch (IOException e) {
            return failure(o, e);
        }
        int pid;
        try (image; Restarter restarter = new Restarter(stub(), identity(o))) {
            pid = restarter.restart(image, owner(o.source()), o.signal(), o::relocate);
            if (!o.quiet()) {
                restarter.warnings().forEach(w -> System.err.println("cr_restart: warning: " + w));
            }
        } catch (IOException e) {
            return failure(o, e);
        } catch (RuntimeException e) {
            // A fault of cr4j itself: still one line, and nothing restored was left running.
            return failure(o, new IOException("internal error: " + e, e));
        }
        Optional<Integer> hooked = hook(o.hooks().successCommand()).filter(status -> status != 0);
        if (hooked.isPresent()) {
            return hooked.get();
        }
        try {
            return ExitMirror.mirror(ExitMirror.forwardSignalsAndWait(pid));
        } catch (IOException e) {
            System.err.println("cr_restart: waitpid(" + pid + "): " + e.getMessage());
            return OptionError.USAGE_EXIT;
        }
    }

    private static Restarter.Identity identity(RestartOptions o) {
        if (!o.restorePid()) {
            return Restarter.Identity.NEW_PIDS;
        }
        if (o.restorePgid()) {
            return o.restoreSid() ? Restarter.Identity.PID_GROUP_AND_SESSION : Restarter.Identity.PID_AND_GROUP;
        }
        return o.restoreSid() ? Restarter.Identity.PID_AND_SESSION : Restarter.Identity.PID;
    }

    /** The user and group owning the context file (or the pipe it comes through). */
    private static ContextOwner owner(ContextLocation source) throws IOException {
        Path path = switch (source) {
            case ContextLocation.File f -> f.path();
            case ContextLocation.Descriptor d -> Path.of("/proc/self/fd/" + d.fd());
        };
        return new ContextOwner(((Number) Files.getAttribute(path, "unix:uid")).longValue(),
                ((Number) Files.getAttribute(path, "unix:gid")).longValue());
    }

    private static ContextImage open(ContextLocation source) throws IOException {
        return switch (source) {
            case ContextLocation.File f -> ContextImage.open(f.path());
            case ContextLocation.Descriptor d -> ContextImage.open(d.fd(), d.displayName());
        };
    }

    private static Path stub() {
        return Path.of(System.getProperty("cr4j.home", "."), "libexec", "cr4j-stub");
    }

    private static int failure(RestartOptions o, IOException e) {
        int errno = ErrnoException.errnoOf(e);
        return fail(o, FailureCategory.of(errno), "Restart failed: " + e.getMessage(), Errno.exitStatus(errno));
    }

    /**
     * BLCR's rule: a failure hook that exits non-zero decides the exit status and silences the
     * message; otherwise the message is printed and the errno decides.
     */
    private static int fail(RestartOptions o, FailureCategory category, String message, int status) {
        Optional<Integer> hooked = hook(o.hooks().failureCommand(category)).filter(s -> s != 0);
        if (hooked.isPresent()) {
            return hooked.get();
        }
        if (!o.quiet()) {
            System.err.println(message);
        }
        return status;
    }

    /** Runs a hook with /bin/sh as system(3) would; its exit status, -1 (255) if it died. */
    private static Optional<Integer> hook(Optional<String> command) {
        if (command.isEmpty()) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", command.get()).inheritIO().start();
            int status = p.waitFor();
            return Optional.of(status > 128 ? 255 : status);
        } catch (IOException e) {
            return Optional.of(255);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(255);
        }
    }
}
