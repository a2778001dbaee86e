package cr4j.files;

import cr4j.image.proto.FileDescriptor;
import cr4j.image.proto.Pipe;
import cr4j.image.proto.Process;
import cr4j.sys.LocalFiles;
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
    private final List<Integer> fifos = new ArrayList<>();

    private Pipes(Map<Long, int[]> ends) {
        this.ends = ends;
    }

    public static List<Pipe> capture(List<Process> processes) throws IOException {
        Map<Long, String> readers = new LinkedHashMap<>();
        Map<Long, String> writers = new LinkedHashMap<>();
        Map<Long, FileDescriptor> fifos = new LinkedHashMap<>();
        Map<Long, String> fifoLinks = new LinkedHashMap<>();
        for (Process p : processes) {
            for (FileDescriptor d : p.getFdsList()) {
                String link = "/proc/" + p.getPid() + "/fd/" + d.getFd();
                if (d.getKind() == FileDescriptor.Kind.PIPE) {
                    (isReadEnd(d) ? readers : writers).putIfAbsent(d.getPipeId(), link);
                } else if (d.getKind() == FileDescriptor.Kind.FIFO && fifos.putIfAbsent(d.getPipeId(), d) == null) {
                    fifoLinks.put(d.getPipeId(), link);
                }
            }
        }
        List<Pipe> pipes = new ArrayList<>();
        for (Map.Entry<Long, String> reader : readers.entrySet()) {
            if (writers.containsKey(reader.getKey())) {
                pipes.add(pipe(reader.getKey(), reader.getValue()).build());
            }
        }
        // A FIFO holds its bytes while any end is open: a saved process holding one keeps them.
        for (Map.Entry<Long, FileDescriptor> fifo : fifos.entrySet()) {
            pipes.add(pipe(fifo.getKey(), fifoLinks.get(fifo.getKey())).setFifoPath(fifo.getValue().getPath()).build());
        }
        return pipes;
    }

    private static Pipe.Builder pipe(long id, String link) throws IOException {
        PipeBuffer.Content content = PipeBuffer.peek(link);
        return Pipe.newBuilder().setId(id).setSize(content.size()).setData(ByteString.copyFrom(content.data()));
    }

    /**
     * Makes every pipe again in this process, holding its saved bytes; a named FIFO is made again
     * where it was if it is gone (as BLCR did), and held open, so its ends can be opened later.
     */
    public static Pipes create(List<Pipe> pipes) throws IOException {
        Pipes made = new Pipes(new LinkedHashMap<>());
        try {
            for (Pipe pipe : pipes) {
                byte[] data = pipe.getData().toByteArray();
                if (pipe.getFifoPath().isEmpty()) {
                    made.ends.put(pipe.getId(), PipeBuffer.create(pipe.getSize(), data));
                } else {
                    LocalFiles.makeFifo(pipe.getFifoPath());
                    made.fifos.add(PipeBuffer.holdFifo(pipe.getFifoPath(), pipe.getSize(), data));
                }
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
        LocalFiles.setStatusFlags(end, d.getFlags() & O_NONBLOCK);
        return OptionalInt.of(end);
    }

    private static boolean isReadEnd(FileDescriptor d) {
        return (d.getFlags() & O_ACCMODE) == O_RDONLY;
    }

    @Override
    public void close() {
        ends.values().forEach(pair -> {
            LocalFiles.close(pair[0]);
            LocalFiles.close(pair[1]);
        });
        ends.clear();
        fifos.forEach(LocalFiles::close);
        fifos.clear();
    }
}
