package cr4j.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cr4j.image.proto.FileIdentity;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIdentitiesTest {
    @TempDir
    Path dir;

    @Test
    void captureRecordsCanonicalPathAndAttributes() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "0123456789");
        FileIdentity identity = FileIdentities.capture(dir.resolve(".").resolve("data"));
        assertEquals(file.toRealPath().toString(), identity.getPath());
        assertEquals(10, identity.getSize());
        assertEquals(Files.getLastModifiedTime(file).to(java.util.concurrent.TimeUnit.NANOSECONDS), identity.getMtimeNs());
        assertEquals((long) Files.getAttribute(file, "unix:ino"), identity.getInode());
        assertEquals((long) Files.getAttribute(file, "unix:dev"), identity.getDevice());
        assertTrue(identity.getBuildId().isEmpty());
        assertEquals(Optional.empty(), FileIdentities.check(identity));
    }

    @Test
    void elfFilesCarryTheirBuildId() throws IOException {
        FileIdentity identity = FileIdentities.capture(Path.of("/bin/true"));
        assertEquals(ByteString.copyFrom(ElfBuildId.read(Path.of("/bin/true")).orElseThrow()), identity.getBuildId());
        assertEquals(Optional.empty(), FileIdentities.check(identity));
        FileIdentity otherBuild = identity.toBuilder().setBuildId(ByteString.copyFrom(new byte[] {1, 2})).build();
        String reason = FileIdentities.check(otherBuild).orElseThrow();
        assertTrue(reason.startsWith("build-id changed from 0102 to "), reason);
    }

    @Test
    void touchedFileHasANewModificationTime() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "0123456789");
        FileIdentity identity = FileIdentities.capture(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 1500));
        String reason = FileIdentities.check(identity).orElseThrow();
        assertTrue(reason.startsWith("modification time changed from "), reason);
    }

    @Test
    void aCopyOfABinaryWithItsBuildIdIsTheSameWhateverItsModificationTime() throws IOException {
        Path copy = dir.resolve("true");
        Files.copy(Path.of("/bin/true"), copy);
        FileIdentity identity = FileIdentities.capture(copy);
        Files.setLastModifiedTime(copy, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 1500));
        assertEquals(Optional.empty(), FileIdentities.check(identity));
    }

    @Test
    void truncatedFileHasANewSize() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "0123456789");
        FileIdentity identity = FileIdentities.capture(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(5);
        }
        assertEquals(Optional.of("size changed from 10 to 5"), FileIdentities.check(identity));
    }

    @Test
    void deletedFileIsMissing() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "0123456789");
        FileIdentity identity = FileIdentities.capture(file);
        Files.delete(file);
        assertEquals(Optional.of("missing"), FileIdentities.check(identity));
        assertEquals(Optional.empty(), FileIdentities.check(identity.toBuilder().setDeleted(true).build()));
    }

    @Test
    void aCopyWithTheSameContentsOnAnotherDeviceAndInodeIsAccepted() throws IOException {
        Path file = Files.writeString(dir.resolve("data"), "0123456789");
        FileIdentity identity = FileIdentities.capture(file);
        FileIdentity elsewhere = identity.toBuilder().setDevice(identity.getDevice() + 1)
                .setInode(identity.getInode() + 1).build();
        assertEquals(Optional.empty(), FileIdentities.check(elsewhere));
    }
}
