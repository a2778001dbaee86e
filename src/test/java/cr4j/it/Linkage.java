package cr4j.it;

import java.util.List;
import java.util.Map;

/**
 * How a test program is linked; a static program has no ld.so, no libc.so and no vdso lookups by
 * the loader. LIBCR links the installed libcr the way BLCR's user's guide shows
 * ({@code gcc -I<home>/include -o prog prog.c -L<home>/lib -lcr}) and runs the program with
 * LD_LIBRARY_PATH=<home>/lib. LIBCR_DLOPEN compiles against libcr.h but does not link libcr: the
 * program loads it at run time by the path it is given.
 */
enum Linkage {
    DYNAMIC,
    STATIC,
    LIBCR,
    LIBCR_DLOPEN;

    /** Flags before the source file. */
    List<String> compilerFlags() {
        return switch (this) {
            case DYNAMIC -> List.of();
            case STATIC -> List.of("-static");
            case LIBCR, LIBCR_DLOPEN -> List.of("-I" + Project.home().resolve("include"));
        };
    }

    /** Flags after the source file, where the linker takes libraries from. */
    List<String> libraries() {
        return this == LIBCR ? List.of("-L" + Project.home().resolve("lib"), "-lcr") : List.of();
    }

    /** What the program's environment needs besides the test's own. */
    Map<String, String> environment() {
        return this == LIBCR ? Map.of("LD_LIBRARY_PATH", Project.home().resolve("lib").toString()) : Map.of();
    }
}
