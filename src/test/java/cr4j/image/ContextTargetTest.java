package cr4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextTargetTest {

    @TempDir
    Path dir;

    private static void write(ContextTarget target, String text) throws IOException {
        target.open().write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void atomicWritesATemporaryBesideTheTargetAndRenamesIt() throws IOException {
        Path file = dir.resolve("context.5");
        ContextTarget target = ContextTarget.file(file, ContextTarget.Policy.ATOMIC);
        write(target, "new");
        Path temporary = dir.resolve(".context.5.tmp");
        assertEquals("rw-------", mode(temporary));
        assertFalse(Files.exists(file));
        target.commit();
        assertEquals("new", Files.readString(file));
        assertEquals("r--------", mode(file));
        assertFalse(Files.exists(temporary));
    }

    @Test
    void atomicAbortLeavesAnExistingTargetUntouched() throws IOException {
        Path file = Files.writeString(dir.resolve("context.5"), "old");
        ContextTarget target = ContextTarget.file(file, ContextTarget.Policy.ATOMIC);
        write(target, "half");
        target.abort();
        assertEquals("old", Files.readString(file));
        assertEquals(1, Files.list(dir).count());
    }

    @Test
    void noclobberRefusesAnExistingFileWithEexist() throws IOException {
        Path file = Files.writeString(dir.resolve("context.5"), "old");
        ContextTargetException e = assertThrows(ContextTargetException.class,
                () -> ContextTarget.file(file, ContextTarget.Policy.NOCLOBBER).open());
        assertEquals(17, e.errno());
        assertEquals("Unable to open file '" + file + "': File exists", e.getMessage());
        assertEquals("old", Files.readString(file));
    }

    @Test
    void noclobberCreatesANewFile() throws IOException {
        Path file = dir.resolve("context.5");
        ContextTarget target = ContextTarget.file(file, ContextTarget.Policy.NOCLOBBER).withoutSync();
        write(target, "new");
        target.commit();
        assertEquals("new", Files.readString(file));
        assertEquals("r--------", mode(file));
    }

    @Test
    void backupKeepsEveryOlderContextUnderTheFirstFreeNumber() throws IOException {
        Path file = Files.writeString(dir.resolve("context.5"), "first");
        for (String text : new String[] {"second", "third"}) {
            ContextTarget target = ContextTarget.file(file, ContextTarget.Policy.BACKUP);
            write(target, text);
            target.commit();
        }
        assertEquals("third", Files.readString(file));
        assertEquals("first", Files.readString(dir.resolve("context.5.~1~")));
        assertEquals("second", Files.readString(dir.resolve("context.5.~2~")));
    }

    @Test
    void backupToAGivenName() throws IOException {
        Path file = Files.writeString(dir.resolve("context.5"), "first");
        ContextTarget target = ContextTarget.file(file, ContextTarget.Policy.BACKUP)
                .withBackupName(dir.resolve("previous"));
        write(target, "second");
        target.commit();
        assertEquals("first", Files.readString(dir.resolve("previous")));
        assertEquals("second", Files.readString(file));
    }

    @Test
    void clobberWritesInPlaceAndAbortRemovesThePartialFile() throws IOException {
        Path file = Files.writeString(dir.resolve("context.5"), "an old and long context");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        ContextTarget target = ContextTarget.file(file, ContextTarget.Policy.CLOBBER);
        write(target, "new");
        assertEquals("new", Files.readString(file));
        target.commit();
        assertEquals("r--------", mode(file));

        ContextTarget failing = ContextTarget.file(file, ContextTarget.Policy.CLOBBER);
        write(failing, "partial");
        failing.abort();
        assertFalse(Files.exists(file));
    }

    @Test
    void directoryTargetAsksForDir() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        ContextTargetException e = assertThrows(ContextTargetException.class,
                () -> ContextTarget.file(sub, ContextTarget.Policy.ATOMIC).open());
        assertEquals(21, e.errno());
        assertEquals("File '" + sub + "' is a directory: use the '--dir' flag for directories", e.getMessage());
    }

    @Test
    void characterDeviceIsNotAcceptable() {
        ContextTargetException e = assertThrows(ContextTargetException.class,
                () -> ContextTarget.file(Path.of("/dev/null"), ContextTarget.Policy.ATOMIC).open());
        assertEquals(22, e.errno());
    }

    @Test
    void missingDirectoryGivesEnoent() {
        ContextTargetException e = assertThrows(ContextTargetException.class,
                () -> ContextTarget.file(dir.resolve("no/such/context"), ContextTarget.Policy.NOCLOBBER).open());
        assertEquals(2, e.errno());
        assertTrue(e.getMessage().endsWith(": No such file or directory"), e.getMessage());
    }

    @Test
    void descriptorTargetIsNamedByNumber() {
        assertEquals("<fd7>", ContextTarget.descriptor(7).name());
    }

    @Test
    void nioFailuresMapToErrno() {
        assertEquals(28, ContextTargetException.errnoOf(new IOException("No space left on device")));
        assertEquals(13, ContextTargetException.errnoOf(new java.nio.file.AccessDeniedException("x")));
        assertEquals(5, ContextTargetException.errnoOf(new IOException("strange")));
    }
}
