package cr4j.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A test of jobs of several processes. The test JVM adopts their orphans for the length of the
 * class (see {@link Subreaper}), so that the children of a killed root free their PIDs for the
 * restart at once, and the job's members are known by the PIDs they print ({@link Members}).
 */
abstract class JobTest extends CommandTest {
    @BeforeAll
    static void adoptOrphans() {
        Subreaper.adoptOrphans();
    }

    @AfterAll
    static void leaveOrphans() {
        Subreaper.leaveOrphans();
    }

    /** The members of a job running PROGRAM, killed and reaped after the test. */
    protected Members members(String program) {
        return owned(new Members(TestPrograms.path(program, Linkage.DYNAMIC)));
    }
}
