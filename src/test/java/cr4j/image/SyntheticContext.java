package cr4j.image;

import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.FileDescriptor;
import cr4j.image.proto.FileIdentity;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.PageRun;
import cr4j.image.proto.Process;
import cr4j.image.proto.Scope;
import cr4j.image.proto.Thread;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** A made-up checkpoint of a few processes whose page bytes are a function of their address. */
final class SyntheticContext {

    static final long BIG_RUN_PAGES = 3 * 1024 + 5; // 12 MiB and a bit: more than one copy chunk

    final Checkpoint checkpoint;
    final List<Process> processes = new ArrayList<>();

    SyntheticContext() {
        processes.add(process(100, 1, List.of(
                mapping(0x400000L, 0x401000L, 5, Mapping.Kind.FILE, "/usr/bin/app", List.of()),
                mapping(0x600000L, 0x610000L, 3, Mapping.Kind.HEAP, "[heap]",
                        List.of(run(0x600000L, 2), run(0x605000L, 7))),
                mapping(0x7f0000000000L, 0x7f0001000000L, 3, Mapping.Kind.ANONYMOUS, "",
                        List.of(run(0x7f0000000000L, BIG_RUN_PAGES))))));
        processes.add(process(101, 100, List.of(
                mapping(0x7ffd0000L, 0x7ffe0000L, 3, Mapping.Kind.STACK, "[stack]",
                        List.of(run(0x7ffd0000L, 1), run(0x7ffd8000L, 0), run(0x7ffdf000L, 1))))));
        processes.add(process(102, 100, List.of(
                mapping(0x10000L, 0x11000L, 1, Mapping.Kind.VDSO, "[vdso]", List.of()))));
        checkpoint = Checkpoint.newBuilder()
                .setToolVersion("0.1.0")
                .setScope(Scope.SCOPE_TREE)
                .setTarget(100)
                .setTimeUnixMs(1_700_000_000_000L)
                .setHostname("host \"quoted\"\n")
                .setKernelRelease("6.8.0-test")
                .addAllPids(processes.stream().map(Process::getPid).toList())
                .build();
    }

    /** The byte the synthetic memory holds at {@code address}. */
    static byte byteAt(long address) {
        return (byte) (address * 31 + (address >>> 12) * 7 + (address >>> 20));
    }

    static ByteBuffer pages(long address, long length) {
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) length);
        for (int i = 0; i < length; i++) {
            buffer.put(i, byteAt(address + i));
        }
        return buffer;
    }

    void writeTo(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeTo(channel);
        }
    }

    void writeTo(WritableByteChannel channel) throws IOException {
        ContextWriter writer = new ContextWriter(channel);
        writer.writeCheckpoint(checkpoint);
        for (Process process : processes) {
            writer.writeProcess(process);
            for (Mapping mapping : process.getMappingsList()) {
                for (PageRun run : mapping.getPagesList()) {
                    writeRun(writer, run);
                }
            }
        }
        writer.finish();
    }

    /** Writes the run in uneven slices, as a reader of /proc/PID/mem would. */
    private static void writeRun(ContextWriter writer, PageRun run) throws IOException {
        long length = run.getPages() * ContextHeader.PAGE_SIZE;
        ContextWriter.PageRecord record = writer.beginPages(length);
        ByteBuffer data = pages(run.getStart(), length);
        int slice = 1 << 20 | 123;
        for (int at = 0; at < length; at += slice) {
            record.write(data.slice(at, (int) Math.min(slice, length - at)));
        }
        record.finish();
    }

    static Process process(int pid, int ppid, List<Mapping> mappings) {
        ByteBuffer regs = ByteBuffer.allocate(UserRegs.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < UserRegs.NAMES.size(); i++) {
            regs.putLong(0x1000L * pid + i);
        }
        return Process.newBuilder()
                .setPid(pid).setPpid(ppid).setPgid(100).setSid(100)
                .setComm("proc" + pid)
                .setExe(FileIdentity.newBuilder().setPath("/usr/bin/app").setInode(42)
                        .setBuildId(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xff})))
                .setCwd("/tmp")
                .addThreads(Thread.newBuilder().setTid(pid).setRegs(ByteString.copyFrom(regs.array())))
                .addThreads(Thread.newBuilder().setTid(pid + 1000).setRegs(ByteString.copyFrom(regs.array())))
                .addFds(FileDescriptor.newBuilder().setFd(1).setKind(FileDescriptor.Kind.EXTERNAL)
                        .setPath("/dev/pts/0").setFlags(02))
                .addAllMappings(mappings)
                .build();
    }

    static Mapping mapping(long start, long end, int prot, Mapping.Kind kind, String name, List<PageRun> runs) {
        return Mapping.newBuilder().setStart(start).setEnd(end).setProt(prot).setKind(kind).setName(name)
                .addAllPages(runs).build();
    }

    static PageRun run(long start, long pages) {
        return PageRun.newBuilder().setStart(start).setPages(pages).build();
    }
}
