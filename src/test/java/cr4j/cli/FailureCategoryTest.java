package cr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cr4j.sys.Errno;
import org.junit.jupiter.api.Test;

class FailureCategoryTest {

    @Test
    void temporaryFailures() {
        assertEquals(FailureCategory.TEMP, FailureCategory.of(Errno.ENOMEM));
        assertEquals(FailureCategory.TEMP, FailureCategory.of(Errno.EBUSY));
    }

    @Test
    void environmentFailures() {
        for (int errno : new int[] {Errno.EACCES, Errno.EPERM, Errno.ENOENT, Errno.EEXIST, Errno.EISDIR,
                Errno.ENOTDIR}) {
            assertEquals(FailureCategory.ENV, FailureCategory.of(errno), Errno.name(errno));
        }
    }

    @Test
    void everythingElseIsPermanent() {
        for (int errno : new int[] {Errno.ENOSYS, Errno.EIO, Errno.EINVAL, Errno.ESRCH, Errno.CR_EBADARCH, 9999}) {
            assertEquals(FailureCategory.PERM, FailureCategory.of(errno), Errno.name(errno));
        }
    }
}
