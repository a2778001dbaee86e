package cr4j.libcr;

import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

/**
 * A checkpoint called off during the callbacks, by a callback or by the time limit. Its message
 * is the whole line cr_checkpoint prints (BLCR-SPEC.md 1.4); its errno, the code the processes'
 * cr_checkpoint() calls return negated and the command exits with.
 */
public final class CallbackFailure extends ErrnoException {
    private final boolean permanent;

    private CallbackFailure(int errno, String line, boolean permanent) {
        super(errno, line);
        this.permanent = permanent;
    }

    /** A callback's TEMP_FAILURE, with its user code (0: none). */
    static CallbackFailure temporary(int userCode) {
        return userCode == 0
                ? new CallbackFailure(Errno.CR_ETEMPFAIL, "Checkpoint cancelled by application: try again later", false)
                : new CallbackFailure(userCode, "Checkpoint failed: " + Errno.message(userCode), false);
    }

    /** A callback's PERM_FAILURE: the caller kills every process of the checkpoint. */
    static CallbackFailure permanent(int userCode) {
        return userCode == 0
                ? new CallbackFailure(Errno.CR_EPERMFAIL, "Checkpoint cancelled by application: unable to checkpoint", true)
                : new CallbackFailure(userCode, "Checkpoint failed: " + Errno.message(userCode), true);
    }

    static CallbackFailure timedOut(int pid, int seconds) {
        return new CallbackFailure(Errno.CR_ETEMPFAIL, "Checkpoint cancelled: the callbacks of process " + pid
                + " did not finish within " + seconds + " s: try again later", false);
    }

    int code() {
        return errno();
    }

    public boolean permanent() {
        return permanent;
    }
}
