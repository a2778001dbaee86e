package cr4j.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfBuildIdTest {
    private static final Path TRUE = Path.of("/bin/true");

    @TempDir
    Path dir;

    /** What binutils says, so the test does not trust our own parser for the expected value. */
    private static byte[] readelfBuildId(Path file) throws IOException, InterruptedException {
        Process readelf = new ProcessBuilder("readelf", "-n", file.toString()).start();
        String out = new String(readelf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, readelf.waitFor());
        String line = out.lines().filter(l -> l.contains("Build ID:")).findFirst().orElseThrow();
        return HexFormat.of().parseHex(line.substring(line.indexOf(':') + 1).strip());
    }

    @Test
    void binTrueHasTheBuildIdReadelfShows() throws Exception {
        byte[] id = ElfBuildId.read(TRUE).orElseThrow();
        assertArrayEquals(readelfBuildId(TRUE), id);
    }

    @Test
    void sectionHeadersAreUsedWhenThereAreNoProgramHeaders() throws IOException {
        byte[] elf = Files.readAllBytes(TRUE);
        ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).putShort(0x38, (short) 0);
        Path copy = Files.write(dir.resolve("no-phdrs"), elf);
        assertArrayEquals(ElfBuildId.read(TRUE).orElseThrow(), ElfBuildId.read(copy).orElseThrow());
    }

    @Test
    void nonElfFilesHaveNone() throws IOException {
        assertEquals(Optional.empty(), ElfBuildId.read(Files.writeString(dir.resolve("text"), "#!/bin/sh\necho hi\n")));
        assertEquals(Optional.empty(), ElfBuildId.read(Files.write(dir.resolve("empty"), new byte[0])));
        assertEquals(Optional.empty(), ElfBuildId.read(dir));
        byte[] elf32 = Arrays.copyOf(Files.readAllBytes(TRUE), 4096);
        elf32[4] = 1;
        assertEquals(Optional.empty(), ElfBuildId.read(Files.write(dir.resolve("elf32"), elf32)));
    }

    @Test
    void truncatedElfIsAnIOException() throws IOException {
        Path head = Files.write(dir.resolve("head"), Arrays.copyOf(Files.readAllBytes(TRUE), 100));
        var e = assertThrows(IOException.class, () -> ElfBuildId.read(head));
        assertTrue(e.getMessage().startsWith(head + ": not a valid ELF file"), e.getMessage());
    }

    @Test
    void corruptedHeadersNeverThrowAnythingButIOException() throws IOException {
        byte[] original = Files.readAllBytes(TRUE);
        Random random = new Random(42);
        Path file = dir.resolve("corrupt");
        for (int round = 0; round < 500; round++) {
            byte[] elf = original.clone();
            for (int i = 0; i < 8; i++) {
                // Headers and notes of /bin/true lie in its first 1 KiB; its section table at the end.
                int at = random.nextBoolean() ? 4 + random.nextInt(1020) : elf.length - 1 - random.nextInt(2048);
                elf[at] = (byte) random.nextInt();
            }
            Files.write(file, elf);
            try {
                ElfBuildId.read(file);
            } catch (IOException expected) {
                assertTrue(expected.getMessage().contains(file.toString()), expected.getMessage());
            }
        }
    }
}
