package cr4j.files;

import cr4j.image.proto.FileIdentity;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What identifies a file across a checkpoint and a restart: size, modification time and, for ELF
 * files, the build-id. Device and inode are recorded to recognise the same file while the job is
 * alive, but a restart does not require them: a copy on another machine is the same file to the
 * program (BLCR-SPEC.md 2.4, point 6).
 */
public final class FileIdentities {
    private FileIdentities() {
    }

    public static FileIdentity capture(Path path) throws IOException {
        Path canonical = path.toRealPath();
        Attributes attributes = Attributes.of(canonical);
        FileIdentity.Builder identity = FileIdentity.newBuilder()
                .setPath(canonical.toString())
                .setSize(attributes.size())
                .setMtimeNs(attributes.mtimeNs())
                .setDevice(attributes.device())
                .setInode(attributes.inode());
        ElfBuildId.read(canonical).ifPresent(id -> identity.setBuildId(ByteString.copyFrom(id)));
        return identity.build();
    }

    /**
     * Why the file at the recorded path is no longer the recorded file, in one line ("missing",
     * "size changed from A to B", ...), or empty when it still is. A file that was deleted at
     * checkpoint time has nothing on disk to compare.
     */
    public static Optional<String> check(FileIdentity recorded) {
        if (recorded.getDeleted()) {
            return Optional.empty();
        }
        Path path = Path.of(recorded.getPath());
        try {
            Attributes now = Attributes.of(path);
            if (now.size() != recorded.getSize()) {
                return Optional.of("size changed from " + recorded.getSize() + " to " + now.size());
            }
            byte[] id = ElfBuildId.read(path).orElse(new byte[0]);
            if (!ByteString.copyFrom(id).equals(recorded.getBuildId())) {
                return Optional.of("build-id changed from " + hex(recorded.getBuildId().toByteArray())
                        + " to " + hex(id));
            }
            // A build-id names the build: a copy of the same binary (another machine, --relocate)
            // is the same even with another mtime. Without one, the mtime is all there is.
            if (id.length == 0 && now.mtimeNs() != recorded.getMtimeNs()) {
                return Optional.of("modification time changed from " + instant(recorded.getMtimeNs())
                        + " to " + instant(now.mtimeNs()));
            }
            return Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.of("missing");
        } catch (IOException e) {
            return Optional.of("cannot be read: " + e.getMessage());
        }
    }

    private static String instant(long ns) {
        return FileTime.from(ns, TimeUnit.NANOSECONDS).toString();
    }

    private static String hex(byte[] id) {
        return id.length == 0 ? "none" : HexFormat.of().formatHex(id);
    }

    private record Attributes(long size, long mtimeNs, long device, long inode) {
        static Attributes of(Path path) throws IOException {
            Map<String, Object> unix = Files.readAttributes(path, "unix:size,lastModifiedTime,dev,ino");
            return new Attributes((Long) unix.get("size"),
                    ((FileTime) unix.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                    (Long) unix.get("dev"), (Long) unix.get("ino"));
        }
    }
}
