package cr4j.files;

import cr4j.image.proto.FileDescriptor;
import cr4j.image.proto.Pipe;
import cr4j.image.proto.Process;
import cr4j.sys.PipeBuffer;
import com.google.protobuf.ByteString;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Pipes whose read and write ends are both held by checkpointed processes. Their unread bytes
 * are saved (read without being taken, so a checkpoint that continues leaves them in place); at
 * restart cr_restart makes each pipe again, fills it, and hands its ends to the processes.
 * A pipe with one end outside the checkpoint is not one of these: that end is external.
 */
public final class Pipes implements AutoCloseable {
    private static final int O_ACCMODE = 3, O_RDONLY = 0, O_NONBLOCK = 0x800;
    private final Map<Long, int[]> ends;

    private Pipes(Map<Long, int[]> ends) {
        this.ends = ends;
    }

    public static List<Pipe> capture(List<Process> processes) throws IOException {
        Map<Long, String> readers = new LinkedHashMap<>();
        Map<Long, String> writers = new LinkedHashMap<>();
        for (Process p : processes) {
            for (FileDescriptor d : p.getFdsList()) {
                if (d.getKind() == FileDescriptor.Kind.PIPE) {
                    String path = "/proc/" + p.getPid() + "/fd/" + d.getFd();
                    (isReadEnd(d) ? readers : writers).putIfAbsent(d.getPipeId(), path);
                }
            }
        }
        List<Pipe> pipes = new ArrayList<>();
        for (Map.Entry<Long, String> reader : readers.entrySet()) {
            if (writers.containsKey(reader.getKey())) {
                PipeBuffer.Content content = PipeBuffer.peek(reader.getValue());
                pipes.add(Pipe.newBuilder().setId(reader.getKey()).setSize(content.size())
                        .setData(ByteString.copyFrom(content.data())).build());
            }
        }
        return pipes;
    }

    /** Makes every pipe again in this process, holding its saved bytes. */
    public static Pipes create(List<Pipe> pipes) throws IOException {
        Pipes made = new Pipes(new LinkedHashMap<>());
        try {
            for (Pipe pipe : pipes) {
                made.ends.put(pipe.getId(), PipeBuffer.create(pipe.getSize(), pipe.getData().toByteArray()));
            }
        } catch (IOException | RuntimeException e) {
            made.close();
            throw e;
        }
        return made;
    }

    /**
     * This process's descriptor of the pipe end D stands for, with D's status flags, or empty
     * when D's pipe leads outside the checkpoint.
     */
    OptionalInt localEnd(FileDescriptor d) throws IOException {
        int[] pipe = ends.get(d.getPipeId());
        if (pipe == null) {
            return OptionalInt.empty();
        }
        int end = isReadEnd(d) ? pipe[0] : pipe[1];
        PipeBuffer.setStatusFlags(end, d.getFlags() & O_NONBLOCK);
        return OptionalInt.of(end);
    }

    private static boolean isReadEnd(FileDescriptor d) {
        return (d.getFlags() & O_ACCMODE) == O_RDONLY;
    }

    @Override
    public void close() {
        ends.values().forEach(pair -> {
            PipeBuffer.close(pair[0]);
            PipeBuffer.close(pair[1]);
        });
        ends.clear();
    }
}
