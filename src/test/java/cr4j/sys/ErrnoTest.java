package cr4j.sys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void namesAndMessagesOfCommonErrnos() {
        assertEquals("ENOENT", Errno.name(2));
        assertEquals("No such file or directory", Errno.message(Errno.ENOENT));
        assertEquals("Device or resource busy", Errno.message(Errno.EBUSY));
        assertEquals("Function not implemented", Errno.message(Errno.ENOSYS));
        assertEquals("ELOOP", Errno.name(40));
    }

    @Test
    void everyErrnoFromOneToFortyHasANameAndText() {
        for (int errno = 1; errno <= 40; errno++) {
            assertEquals('E', Errno.name(errno).charAt(0), "errno " + errno);
            assertEquals(false, Errno.message(errno).startsWith("Unknown"), "errno " + errno);
        }
    }

    @Test
    void blcrCodesAndTheirExitBytes() {
        assertEquals("CR_EPTRACED", Errno.name(2360));
        assertEquals("One or more target processes is being ptraced", Errno.message(Errno.CR_EPTRACED));
        assertEquals("Temporary error: checkpoint cancelled", Errno.message(Errno.CR_ETEMPFAIL));
        assertEquals(50, Errno.exitStatus(Errno.CR_ETEMPFAIL));
        assertEquals(56, Errno.exitStatus(Errno.CR_EPTRACED));
        assertEquals(61, Errno.exitStatus(Errno.CR_ENOINIT));
        assertEquals(16, Errno.exitStatus(Errno.EBUSY));
    }

    @Test
    void unknownCodesFallBackLikeGlibc() {
        assertEquals("Unknown error 911", Errno.message(911));
        assertEquals("errno 911", Errno.name(911));
    }
}
