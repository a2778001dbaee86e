package cr4j.files;

import cr4j.image.proto.FileDescriptor;
import cr4j.image.proto.Process;
import cr4j.sys.LocalFiles;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Open file descriptions: which descriptors, of one process or of several, share one (after dup
 * or fork), and so one offset and one set of flags. Each is opened once at restart, by
 * cr_restart, and handed to every descriptor that had it.
 */
public final class FileDescriptions implements AutoCloseable {
    private final Map<Integer, Integer> local = new HashMap<>();

    private FileDescriptions() {}

    /** A first descriptor seen of a description: the one others are compared with. */
    private record Seen(int pid, int fd, String path, int description) {}

    /** PROCESSES (still frozen) with their descriptors numbered by open file description. */
    public static List<Process> number(List<Process> processes) throws IOException {
        List<Seen> seen = new ArrayList<>();
        List<Process> numbered = new ArrayList<>(processes.size());
        for (Process p : processes) {
            Process.Builder b = p.toBuilder();
            for (int i = 0; i < b.getFdsCount(); i++) {
                FileDescriptor d = b.getFds(i);
                if (isFile(d)) {
                    b.setFds(i, d.toBuilder().setDescription(descriptionOf(p.getPid(), d, seen)));
                }
            }
            numbered.add(b.build());
        }
        return numbered;
    }

    private static int descriptionOf(int pid, FileDescriptor d, List<Seen> seen) throws IOException {
        for (Seen s : seen) {
            if (s.path().equals(d.getPath()) && LocalFiles.sameDescription(s.pid(), s.fd(), pid, d.getFd())) {
                return s.description();
            }
        }
        seen.add(new Seen(pid, d.getFd(), d.getPath(), seen.size() + 1));
        return seen.size();
    }

    /** Opens every description of PROCESSES once, as its first descriptor recorded it. */
    public static FileDescriptions open(List<Process> processes) throws IOException {
        FileDescriptions opened = new FileDescriptions();
        try {
            for (Process p : processes) {
                for (FileDescriptor d : p.getFdsList()) {
                    if (isFile(d) && !opened.local.containsKey(d.getDescription())) {
                        opened.local.put(d.getDescription(), open(d));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            opened.close();
            throw e;
        }
        return opened;
    }

    private static int open(FileDescriptor d) throws IOException {
        if (d.getFile().getDeleted()) {
            return DeletedFiles.open(d);
        }
        return switch (d.getKind()) {
            case DEVICE -> LocalFiles.open(d.getPath(), d.getFlags(), -1);
            case FIFO -> LocalFiles.openFifo(d.getPath(), d.getFlags());
            default -> LocalFiles.open(d.getPath(), d.getFlags(), d.getOffset());
        };
    }

    /** cr_restart's descriptor of D's open file description. */
    int localFor(FileDescriptor d) {
        return local.get(d.getDescription());
    }

    static boolean isFile(FileDescriptor d) {
        return switch (d.getKind()) {
            case REGULAR, DIRECTORY, DEVICE, FIFO -> true;
            default -> false;
        };
    }

    @Override
    public void close() {
        local.values().forEach(LocalFiles::close);
        local.clear();
    }
}
