package cr4j.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Process attributes come back as they were: resource limits, umask, working directory, name,
 * timer slack and the keep-capabilities flag.
 */
class AttributesIT extends CommandTest {
    @ParameterizedTest
    @EnumSource(Linkage.class)
    void limitsUmaskCwdAndNameAreUnchanged(Linkage linkage) throws Exception {
        Path work = Files.createDirectory(dir.resolve("work dir"));
        Target target = start("attributes", linkage, work.toString());
        target.send("show");
        String before = target.stdout().awaitLine("nofile .*", LINE).group();
        assertEquals("nofile 1000/2000 core 12345/54321 umask 027 cwd " + work + " comm cr4j attrs slack 123456"
                + " keepcaps 1", before);
        Path context = checkpointAndKill(target);

        RestartedProcess restored = startRestart(target.pid(), context);
        restored.send("show");
        assertEquals(before, restored.stdout().awaitLine("nofile .*", LINE).group());
    }
}
