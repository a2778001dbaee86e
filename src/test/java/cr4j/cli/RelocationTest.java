package cr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RelocationTest {

    private static Relocation rule(String arg) throws OptionError {
        return Relocation.parse(arg).orElseThrow();
    }

    @Test
    void prefixMatchesWholeLeadingComponentsOnly() throws OptionError {
        Relocation r = rule("/tmp/foo=/new");
        assertEquals(Optional.of("/new"), r.apply("/tmp/foo"));
        assertEquals(Optional.of("/new/1"), r.apply("/tmp/foo/1"));
        assertEquals(Optional.empty(), r.apply("/tmp/fooz"));
        assertEquals(Optional.empty(), r.apply("/var/tmp/foo"));
        assertEquals(Optional.empty(), r.apply("/tmp"));
    }

    @Test
    void escapedEqualsAndBackslash() throws OptionError {
        assertEquals(new Relocation("/a=b", "/c"), rule("/a\\=b=/c"));
        assertEquals(new Relocation("/a\\", "/c"), rule("/a\\\\=/c"));
        assertEquals(new Relocation("/a\\x", "/c\\"), rule("/a\\x=/c\\"));
        assertEquals(new Relocation("/a", "/b=c\\d"), rule("/a=/b\\=c\\d"));
    }

    @Test
    void escapedBackslashBeforeEqualsLeavesTheEqualsUnescaped() throws OptionError {
        assertEquals(new Relocation("/x\\", "/y"), rule("/x\\\\=/y"));
    }

    @Test
    void trailingSlashesAreTrimmedButRootIsKept() throws OptionError {
        assertEquals(new Relocation("/a/b", "/c"), rule("/a/b///=/c/"));
        assertEquals(new Relocation("/", "/mnt/root"), rule("//=/mnt/root"));
    }

    @Test
    void identityMappingIsDropped() throws OptionError {
        assertEquals(Optional.empty(), Relocation.parse("/a/=/a"));
        assertEquals(Optional.empty(), Relocation.parse("/=///"));
    }

    @Test
    void rootRules() throws OptionError {
        assertEquals(Optional.of("/mnt/root/etc/x"), rule("/=/mnt/root").apply("/etc/x"));
        assertEquals(Optional.of("/mnt/root"), rule("/=/mnt/root").apply("/"));
        assertEquals(Optional.of("/x"), rule("/chroot=/").apply("/chroot/x"));
        assertEquals(Optional.of("/"), rule("/chroot=/").apply("/chroot"));
    }

    @Test
    void errorsAreInvalidArguments() {
        OptionError multiple = assertThrows(OptionError.class, () -> Relocation.parse("/a=/b=/c"));
        assertEquals(22, multiple.exitCode());
        assertEquals("Relocation argument '/a=/b=/c' contains multiple unescaped '=' characters.",
                multiple.message());
        assertEquals("Relocation argument '/a' contains no unescaped '=' characters.",
                assertThrows(OptionError.class, () -> Relocation.parse("/a")).message());
        assertEquals("Relocation paths must begin with '/', but have '/a=b'",
                assertThrows(OptionError.class, () -> Relocation.parse("/a=b")).message());
        assertEquals("Relocation paths must begin with '/', but have '=/b'",
                assertThrows(OptionError.class, () -> Relocation.parse("=/b")).message());
    }
}
