package cr4j.it;

import java.util.List;

/** How a test program is linked; a static program has no ld.so, no libc.so and no vdso lookups by the loader. */
enum Linkage {
    DYNAMIC(List.of()),
    STATIC(List.of("-static"));

    private final List<String> gccFlags;

    Linkage(List<String> gccFlags) {
        this.gccFlags = gccFlags;
    }

    List<String> gccFlags() {
        return gccFlags;
    }
}
