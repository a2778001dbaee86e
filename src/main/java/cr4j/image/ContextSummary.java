package cr4j.image;

import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.FileDescriptor;
import cr4j.image.proto.Mapping;
import cr4j.image.proto.PageRun;
import cr4j.image.proto.Process;
import cr4j.image.proto.Thread;
import java.time.Instant;
import java.util.Map;

/** A context described for people ({@code cr_info}). */
public final class ContextSummary {

    private final StringBuilder out = new StringBuilder();
    private int threads;
    private int mappings;
    private int descriptors;

    private ContextSummary() {
    }

    public static String of(ContextImage image) {
        ContextSummary summary = new ContextSummary();
        summary.image(image);
        return summary.out.toString();
    }

    private void image(ContextImage image) {
        ContextHeader header = image.header();
        line("%s: cr4j context, format %d.%d, x86_64, page size %d, kernel %s", image.name(),
                header.major(), header.minor(), header.pageSize(), header.kernelRelease());
        Checkpoint checkpoint = image.checkpoint();
        line("checkpoint: %s %d, taken %s on %s (kernel %s) by cr4j %s", scope(checkpoint), checkpoint.getTarget(),
                Instant.ofEpochMilli(checkpoint.getTimeUnixMs()), checkpoint.getHostname(),
                checkpoint.getKernelRelease(), checkpoint.getToolVersion());
        for (ProcessImage process : image.processes()) {
            process(process.process());
        }
        line("total: %d processes, %d threads, %d mappings, %d descriptors, %d bytes of pages in %d records",
                image.processes().size(), threads, mappings, descriptors, image.trailer().getPageBytes(),
                image.trailer().getRecords());
    }

    private static String scope(Checkpoint checkpoint) {
        return switch (checkpoint.getScope()) {
            case SCOPE_TREE -> "tree of pid";
            case SCOPE_PID -> "pid";
            case SCOPE_PGID -> "process group";
            case SCOPE_SID -> "session";
            case UNRECOGNIZED -> "scope " + checkpoint.getScopeValue() + " of";
        };
    }

    private void process(Process process) {
        line("");
        line("process %d (%s) ppid %d pgid %d sid %d%s", process.getPid(), process.getComm(), process.getPpid(),
                process.getPgid(), process.getSid(), process.getStopped() ? " stopped" : "");
        line("  exe %s", process.getExe().getPath());
        line("  cwd %s", process.getCwd());
        for (Thread thread : process.getThreadsList()) {
            thread(thread);
        }
        line("  mappings:");
        for (Mapping mapping : process.getMappingsList()) {
            mapping(mapping);
        }
        line("  descriptors:");
        for (FileDescriptor fd : process.getFdsList()) {
            line("    %3d %-9s %s flags 0%o offset %d%s", fd.getFd(), fd.getKind(), fd.getPath(), fd.getFlags(),
                    fd.getOffset(), fd.getCloexec() ? " cloexec" : "");
            descriptors++;
        }
    }

    private void thread(Thread thread) {
        Map<String, Long> regs = UserRegs.decode(thread.getRegs());
        if (regs.isEmpty()) {
            line("  thread %d: registers missing (%d bytes)", thread.getTid(), thread.getRegs().size());
        } else {
            line("  thread %d: rip 0x%x rsp 0x%x", thread.getTid(), regs.get("rip"), regs.get("rsp"));
        }
        threads++;
    }

    private void mapping(Mapping mapping) {
        long saved = 0;
        for (PageRun run : mapping.getPagesList()) {
            saved += run.getPages() * ContextHeader.PAGE_SIZE;
        }
        line("    %012x-%012x %s %-11s %10d saved  %s", mapping.getStart(), mapping.getEnd(), protection(mapping),
                mapping.getKind(), saved, mapping.getName());
        mappings++;
    }

    private static String protection(Mapping mapping) {
        int prot = mapping.getProt();
        return ((prot & 1) != 0 ? "r" : "-") + ((prot & 2) != 0 ? "w" : "-") + ((prot & 4) != 0 ? "x" : "-")
                + (mapping.getShared() ? "s" : "p");
    }

    private void line(String format, Object... args) {
        out.append(String.format(format, args)).append('\n');
    }
}
