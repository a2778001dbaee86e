package cr4j.checkpoint;

import cr4j.image.ContextHeader;
import cr4j.image.ContextTarget;
import cr4j.image.ContextWriter;
import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.Process;
import cr4j.image.proto.Scope;
import cr4j.memory.PageData;
import cr4j.sys.ProcessMemory;
import cr4j.sys.Tracer;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sequences a checkpoint: resolve the scope, freeze, capture, write the context file, commit it,
 * then apply the post-action and let the processes go. A failure at any step leaves the target
 * running as before and no file under the final name.
 */
public final class Checkpointer {
    private static final String TOOL_VERSION = "cr4j 0.1.0";
    private final Tracer tracer = new Tracer();

    /** What to checkpoint, where to, and which signal to send once the file is safe (0: none). */
    public record Request(Scope scope, int id, ContextTarget target, int signal, PtracedPolicy traced,
                          PtracerPolicy tracer) {}

    public void checkpoint(Request request) throws IOException {
        int pid = CheckpointScope.resolve(request);
        try (tracer) {
            FrozenProcess frozen = tracer.call(() -> FrozenProcess.freeze(pid));
            boolean saved = false;
            try {
                save(request, frozen);
                saved = true;
            } finally {
                int signal = saved ? request.signal() : 0;
                tracer.call(() -> {
                    frozen.release(signal);
                    return null;
                });
            }
        }
    }

    private void save(Request request, FrozenProcess frozen) throws IOException {
        ContextTarget target = request.target();
        try (ProcessMemory memory = new ProcessMemory(frozen.pid())) {
            Process process = tracer.call(() -> ProcessCapture.capture(frozen, memory));
            WritableByteChannel channel = target.open();
            ContextWriter writer = new ContextWriter(channel);
            writer.writeCheckpoint(description(request, process));
            writer.writeProcess(process);
            PageData.capture(memory, process.getMappingsList(), writer);
            writer.finish();
            target.commit();
        } catch (IOException | RuntimeException e) {
            target.abort();
            throw e;
        }
    }

    private static String hostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static Checkpoint description(Request request, Process process) {
        return Checkpoint.newBuilder()
                .setToolVersion(TOOL_VERSION)
                .setScope(request.scope())
                .setTarget(request.id())
                .setTimeUnixMs(System.currentTimeMillis())
                .setHostname(hostname())
                .setKernelRelease(ContextHeader.ofThisMachine().kernelRelease())
                .addPids(process.getPid())
                .build();
    }
}
