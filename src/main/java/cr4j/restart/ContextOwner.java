package cr4j.restart;

import cr4j.image.proto.Credentials;
import cr4j.image.proto.Process;
import cr4j.sys.Errno;
import cr4j.sys.ErrnoException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Who owns the context file, which is untrusted input: a file that an ordinary user owns may
 * only hold that user's processes, with their group and the groups /etc/group gives them;
 * otherwise restarting it as root would hand its code powers its owner did not have.
 */
public record ContextOwner(long uid, long gid) {
    public boolean isRoot() {
        return uid == 0;
    }

    void check(String file, Process p) throws IOException {
        if (isRoot() || !p.hasCredentials()) {
            return;
        }
        Credentials c = p.getCredentials();
        for (int uid : c.getUidsList()) {
            refuseUnless(Integer.toUnsignedLong(uid) == this.uid, file, p, "uid " + Integer.toUnsignedLong(uid));
        }
        for (int gid : c.getGidsList()) {
            refuseUnless(Integer.toUnsignedLong(gid) == this.gid, file, p, "gid " + Integer.toUnsignedLong(gid));
        }
        Set<Long> allowed = groupsOfOwner();
        for (int group : c.getGroupsList()) {
            refuseUnless(allowed.contains(Integer.toUnsignedLong(group)), file, p, "group " + Integer.toUnsignedLong(group));
        }
    }

    private void refuseUnless(boolean allowed, String file, Process p, String what) throws IOException {
        if (!allowed) {
            throw new ErrnoException(Errno.EPERM, file + " is owned by uid " + uid + " but holds process " + p.getPid()
                    + " with " + what + ": a restart must not give powers the file's owner did not have");
        }
    }

    /** The owner's primary group and the groups that list the owner by name in /etc/group. */
    private Set<Long> groupsOfOwner() throws IOException {
        Set<Long> groups = new HashSet<>(Set.of(gid));
        String name = null;
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[2].equals(Long.toString(uid))) {
                name = f[0];
                break;
            }
        }
        for (String line : Files.readAllLines(Path.of("/etc/group"))) {
            String[] f = line.split(":", -1);
            if (name != null && f.length > 3 && List.of(f[3].split(",")).contains(name)) {
                groups.add(Long.parseLong(f[2]));
            }
        }
        return groups;
    }
}
