package cr4j.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cr4j.image.proto.Checkpoint;
import cr4j.image.proto.Mapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Write and read-verify rate of one 1 GiB page run. Not a unit test (surefire does not pick up this
 * name); run with {@code mvn test -Dtest=PageThroughputMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PageThroughputMeasurement {

    private static final long PAGES = (1L << 30) / 4096;
    private static final int SLICE = 8 << 20;

    @Test
    void oneGibRun() throws IOException {
        Path file = Files.createTempFile("cr4j-throughput", ".ctx");
        try {
            ByteBuffer source = ByteBuffer.allocateDirect(SLICE);
            for (int i = 0; i < SLICE; i++) {
                source.put(i, SyntheticContext.byteAt(i));
            }
            long start = System.nanoTime();
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ContextWriter writer = new ContextWriter(channel);
                writer.writeCheckpoint(Checkpoint.newBuilder().addPids(1).build());
                writer.writeProcess(SyntheticContext.process(1, 0, List.of(SyntheticContext.mapping(0, PAGES * 4096,
                        3, Mapping.Kind.ANONYMOUS, "", List.of(SyntheticContext.run(0, PAGES))))));
                ContextWriter.PageRecord record = writer.beginPages(PAGES * 4096);
                for (long done = 0; done < PAGES * 4096; done += SLICE) {
                    record.write(source.clear());
                }
                record.finish();
                writer.finish();
            }
            report("write (page cache, no fsync)", start);
            start = System.nanoTime();
            try (ContextImage image = ContextImage.open(file)) {
                image.verifyPages();
                report("open + verifyPages", start);
                assertEquals(PAGES * 4096, image.trailer().getPageBytes());
            }
        } finally {
            Files.delete(file);
        }
    }

    private static void report(String what, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%s: 1 GiB in %.3f s = %.0f MB/s%n", what, seconds, (1L << 30) / seconds / 1e6);
    }
}
