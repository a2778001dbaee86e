package cr4j.it;

import java.nio.file.Path;

/** Where the build put things; failsafe passes the distribution directory as cr4j.home (target/cr4j). */
final class Project {
    private Project() {
    }

    /** The distribution: bin/ with the commands, lib/, libexec/. */
    static Path home() {
        String home = System.getProperty("cr4j.home");
        if (home == null) {
            throw new IllegalStateException("system property cr4j.home is not set; run the tests with mvn verify");
        }
        return Path.of(home).toAbsolutePath();
    }

    static Path buildDirectory() {
        return home().getParent();
    }

    static Path directory() {
        String basedir = System.getProperty("basedir");
        return (basedir == null ? Path.of("") : Path.of(basedir)).toAbsolutePath();
    }
}
