package cr4j.cli;

import cr4j.checkpoint.PtracedPolicy;
import cr4j.checkpoint.PtracerPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CheckpointOptionsTest {

    private static final OptionErrors ERRORS = new OptionErrors(CheckpointOptions::parse);

    @Test
    void defaultsMatchBlcr() throws OptionError {
        CheckpointOptions o = CheckpointOptions.parse("1234");
        assertEquals(Action.EXECUTE, o.action());
        assertEquals(Scope.TREE, o.scope());
        assertEquals(1234, o.id());
        assertEquals(new ContextLocation.File(Path.of("context.1234")), o.destination());
        assertEquals(ReplacePolicy.ATOMIC, o.replace());
        assertEquals(Optional.empty(), o.backupName());
        assertEquals(0, o.signal());
        assertTrue(o.sync());
        assertEquals(0, o.dumpFlags());
        assertEquals(PtracedPolicy.ERROR, o.ptraced());
        assertEquals(PtracerPolicy.ERROR, o.ptracer());
        assertEquals(KernelMessages.ERROR, o.kmsg());
        assertEquals(0, o.timeLimitSeconds());
        assertEquals(0, o.verbosity());
        assertFalse(o.quiet());
    }

    @Test
    void defaultFileNameUsesIdExactlyAsGiven() throws OptionError {
        CheckpointOptions o = CheckpointOptions.parse("0042");
        assertEquals(42, o.id());
        assertEquals("0042", o.idText());
        assertEquals("context.0042", o.destination().displayName());
    }

    @ParameterizedTest
    @CsvSource({"-T,TREE", "--tree,TREE", "-p,PID", "--pid,PID", "--process,PID", "-g,PGID", "--pgid,PGID",
            "--group,PGID", "-s,SID", "--sid,SID", "--session,SID"})
    void everyScopeOption(String option, Scope scope) throws OptionError {
        assertEquals(scope, CheckpointOptions.parse(option, "7").scope());
    }

    @Test
    void lastScopeWins() throws OptionError {
        assertEquals(Scope.PGID, CheckpointOptions.parse("-p", "-s", "-g", "7").scope());
        assertEquals(Scope.TREE, CheckpointOptions.parse("--sid", "--tree", "7").scope());
    }

    @Test
    void missingIdIsUsageError() {
        ERRORS.assertUsageError();
        ERRORS.assertUsageError("-p");
    }

    @Test
    void extraIdIsUsageError() {
        ERRORS.assertUsageError("1", "2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "12x", "+5", "99999999999", ""})
    void nonNumericIdIsUsageError(String id) {
        ERRORS.assertUsageError("--", id);
    }

    @Test
    void operandsMayComeBeforeOptions() throws OptionError {
        CheckpointOptions o = CheckpointOptions.parse("99", "--stop", "-p");
        assertEquals(99, o.id());
        assertEquals(19, o.signal());
        assertEquals(Scope.PID, o.scope());
    }

    @Test
    void doubleDashEndsOptions() {
        ERRORS.assertUsageError("--", "-5");
        ERRORS.assertUsageError("--", "1", "--stop");
    }

    @Test
    void fileDestinationInBothSpellings() throws OptionError {
        ContextLocation expected = new ContextLocation.File(Path.of("out/ctx"));
        assertEquals(expected, CheckpointOptions.parse("-f", "out/ctx", "1").destination());
        assertEquals(expected, CheckpointOptions.parse("-fout/ctx", "1").destination());
        assertEquals(expected, CheckpointOptions.parse("--file", "out/ctx", "1").destination());
        assertEquals(expected, CheckpointOptions.parse("--file=out/ctx", "1").destination());
    }

    @Test
    void fileArgumentMayLookLikeAnOption() throws OptionError {
        assertEquals("--stop", CheckpointOptions.parse("-f", "--stop", "1").destination().displayName());
    }

    @Test
    void descriptorDestination() throws OptionError {
        CheckpointOptions o = CheckpointOptions.parse("-F", "3", "1");
        assertEquals(new ContextLocation.Descriptor(3), o.destination());
        assertEquals("<fd3>", o.destination().displayName());
        assertEquals(new ContextLocation.Descriptor(5), CheckpointOptions.parse("--fd=5", "1").destination());
    }

    @Test
    void descriptorMustBeNumericAndNonNegative() {
        ERRORS.assertUsageError("-F", "x", "1");
        ERRORS.assertInvalid("FD argument must be a non-negative integer (-1 was given)", "-F", "-1", "1");
    }

    @Test
    void explicitCwdDestination() throws OptionError {
        assertEquals("context.8", CheckpointOptions.parse("-c", "8").destination().displayName());
        assertEquals("context.8", CheckpointOptions.parse("--cwd", "8").destination().displayName());
    }

    @Test
    void dirDestinationIsNotImplemented() {
        ERRORS.assertInvalid("-d flag not yet implemented", "-d", "/tmp/x", "1");
        ERRORS.assertInvalid("-d flag not yet implemented", "--dir=/tmp/x", "1");
    }

    @Test
    void twoDestinationsConflict() {
        String message = "conflicting destinations: --file and --fd (give only one of -c, -f, -F, -d)";
        ERRORS.assertInvalid(message, "-f", "a", "-F", "3", "1");
        ERRORS.assertInvalid("conflicting destinations: --cwd and --file (give only one of -c, -f, -F, -d)",
                "-c", "-f", "a", "1");
        ERRORS.assertInvalid("conflicting destinations: --file and --file (give only one of -c, -f, -F, -d)",
                "-f", "a", "-f", "b", "1");
        ERRORS.assertInvalid("conflicting destinations: --fd and --dir (give only one of -c, -f, -F, -d)",
                "-F", "3", "-d", "x", "1");
    }

    @Test
    void replacementPolicies() throws OptionError {
        assertEquals(ReplacePolicy.ATOMIC, CheckpointOptions.parse("--clobber", "--atomic", "1").replace());
        assertEquals(ReplacePolicy.CLOBBER, CheckpointOptions.parse("--clobber", "1").replace());
        assertEquals(ReplacePolicy.NOCLOBBER, CheckpointOptions.parse("--clobber", "--noclobber", "1").replace());
    }

    @Test
    void backupNameOnlyWhenAttached() throws OptionError {
        CheckpointOptions attached = CheckpointOptions.parse("--backup=old.ctx", "1");
        assertEquals(ReplacePolicy.BACKUP, attached.replace());
        assertEquals(Optional.of("old.ctx"), attached.backupName());

        CheckpointOptions separate = CheckpointOptions.parse("--backup", "1");
        assertEquals(ReplacePolicy.BACKUP, separate.replace());
        assertEquals(Optional.empty(), separate.backupName());
        assertEquals(1, separate.id());

        ERRORS.assertUsageError("--backup", "old.ctx", "1");
    }

    @Test
    void laterPolicyDropsBackupName() throws OptionError {
        CheckpointOptions o = CheckpointOptions.parse("--backup=b", "--clobber", "1");
        assertEquals(ReplacePolicy.CLOBBER, o.replace());
        assertEquals(Optional.empty(), o.backupName());
        assertEquals(Optional.empty(), CheckpointOptions.parse("--backup=b", "--backup", "1").backupName());
    }

    @ParameterizedTest
    @CsvSource({"--run,0", "--stop,19", "--term,15", "--abort,6", "--kill,9", "--cont,18"})
    void namedSignals(String option, int signal) throws OptionError {
        assertEquals(signal, CheckpointOptions.parse(option, "1").signal());
    }

    @Test
    void numericSignalInEverySpelling() throws OptionError {
        assertEquals(9, CheckpointOptions.parse("-S", "9", "1").signal());
        assertEquals(9, CheckpointOptions.parse("-S9", "1").signal());
        assertEquals(64, CheckpointOptions.parse("--signal", "64", "1").signal());
        assertEquals(1, CheckpointOptions.parse("--signal=1", "1").signal());
    }

    @Test
    void lastSignalWins() throws OptionError {
        assertEquals(0, CheckpointOptions.parse("--kill", "--run", "1").signal());
        assertEquals(12, CheckpointOptions.parse("--stop", "-S", "12", "1").signal());
        assertEquals(15, CheckpointOptions.parse("-S", "12", "--term", "1").signal());
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65", "-3", "1000"})
    void signalOutOfRange(String signal) {
        ERRORS.assertInvalid("Valid signal numbers are from 1 to 64, inclusive.", "-S", signal, "1");
    }

    @Test
    void nonNumericSignalIsUsageError() {
        ERRORS.assertUsageError("-S", "KILL", "1");
        ERRORS.assertUsageError("--signal=9x", "1");
    }

    @Test
    void missingOptionArgumentIsUsageError() {
        OptionError shortForm = ERRORS.error("1", "-S");
        assertEquals(255, shortForm.exitCode());
        assertEquals("cr_checkpoint: option requires an argument -- 'S'", shortForm.message());
        OptionError longForm = ERRORS.error("1", "--file");
        assertEquals("cr_checkpoint: option '--file' requires an argument", longForm.message());
    }

    @Test
    void sync() throws OptionError {
        assertFalse(CheckpointOptions.parse("--nosync", "1").sync());
        assertTrue(CheckpointOptions.parse("--nosync", "--sync", "1").sync());
    }

    @Test
    void saveFlagsAddLeftToRight() throws OptionError {
        assertEquals(0x200, CheckpointOptions.parse("--save-exe", "1").dumpFlags());
        assertEquals(0x400, CheckpointOptions.parse("--save-private", "1").dumpFlags());
        assertEquals(0x800, CheckpointOptions.parse("--save-shared", "1").dumpFlags());
        assertEquals(0xE00, CheckpointOptions.parse("--save-all", "1").dumpFlags());
        assertEquals(0xA00, CheckpointOptions.parse("--save-exe", "--save-shared", "1").dumpFlags());
        assertEquals(0x400, CheckpointOptions.parse("--save-all", "--save-none", "--save-private", "1").dumpFlags());
        assertEquals(0, CheckpointOptions.parse("--save-exe", "--save-none", "1").dumpFlags());
    }

    @Test
    void ptracePolicies() throws OptionError {
        assertEquals(PtracedPolicy.SKIP, CheckpointOptions.parse("--ptraced-skip", "1").ptraced());
        assertEquals(PtracedPolicy.ALLOW, CheckpointOptions.parse("--ptraced-allow", "1").ptraced());
        assertEquals(PtracedPolicy.ERROR, CheckpointOptions.parse("--ptraced-allow", "--ptraced-error", "1").ptraced());
        assertEquals(PtracerPolicy.SKIP, CheckpointOptions.parse("--ptracer-skip", "1").ptracer());
        assertEquals(PtracerPolicy.ERROR, CheckpointOptions.parse("--ptracer-skip", "--ptracer-error", "1").ptracer());
    }

    @Test
    void kernelMessages() throws OptionError {
        assertEquals(KernelMessages.NONE, CheckpointOptions.parse("--kmsg-none", "1").kmsg());
        assertEquals(KernelMessages.WARNING, CheckpointOptions.parse("--kmsg-warning", "1").kmsg());
        assertEquals(KernelMessages.ERROR, CheckpointOptions.parse("--kmsg-none", "--kmsg-error", "1").kmsg());
    }

    @Test
    void timeLimit() throws OptionError {
        assertEquals(30, CheckpointOptions.parse("-t", "30", "1").timeLimitSeconds());
        assertEquals(5, CheckpointOptions.parse("--time=5", "1").timeLimitSeconds());
        assertEquals(0, CheckpointOptions.parse("-t0", "1").timeLimitSeconds());
        ERRORS.assertInvalid("Time limit must be non-negative.", "-t", "-1", "1");
        ERRORS.assertUsageError("--time", "soon", "1");
    }

    @Test
    void verbosityCounts() throws OptionError {
        assertEquals(3, CheckpointOptions.parse("-v", "--verbose", "-v", "1").verbosity());
        assertEquals(2, CheckpointOptions.parse("-vv", "1").verbosity());
    }

    @Test
    void shortFlagsBundle() throws OptionError {
        CheckpointOptions o = CheckpointOptions.parse("-qvpS9", "1");
        assertTrue(o.quiet());
        assertEquals(1, o.verbosity());
        assertEquals(Scope.PID, o.scope());
        assertEquals(9, o.signal());
        assertEquals("ctx", CheckpointOptions.parse("-qTf", "ctx", "1").destination().displayName());
    }

    @Test
    void helpEndsParsingAndNeedsNoId() throws OptionError {
        for (String help : new String[] {"-h", "-?", "--help"}) {
            CheckpointOptions o = CheckpointOptions.parse(help);
            assertEquals(Action.HELP, o.action());
            assertNull(o.destination());
        }
        assertEquals(Action.HELP, CheckpointOptions.parse("--help", "--bogus", "1", "2").action());
        ERRORS.assertUsageError("--bogus", "--help");
    }

    @Test
    void versionIsLongOnly() throws OptionError {
        assertEquals(Action.VERSION, CheckpointOptions.parse("--version").action());
        assertEquals("cr_checkpoint version 0.8.6_b4\n", Usage.CHECKPOINT.version());
        assertEquals(1, CheckpointOptions.parse("-v", "1").verbosity());
    }

    @Test
    void longOptionsMayBeAbbreviated() throws OptionError {
        assertEquals(0xE00, CheckpointOptions.parse("--save-a", "1").dumpFlags());
        assertEquals(7, CheckpointOptions.parse("--sig=7", "1").signal());
        OptionError ambiguous = ERRORS.error("--save", "1");
        assertEquals(255, ambiguous.exitCode());
        assertTrue(ambiguous.message().startsWith("cr_checkpoint: option '--save' is ambiguous; possibilities:"),
                ambiguous.message());
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        assertEquals("cr_checkpoint: unrecognized option '--bogus'", ERRORS.error("--bogus", "1").message());
        assertEquals("cr_checkpoint: invalid option -- 'x'", ERRORS.error("-x", "1").message());
        assertEquals("cr_checkpoint: option '--stop' doesn't allow an argument", ERRORS.error("--stop=1", "1").message());
        assertEquals(255, ERRORS.error("-x", "1").exitCode());
    }

    @Test
    void quietSilencesErrorsAndUsage() {
        OptionError e = ERRORS.error("-q", "-S", "70", "1");
        assertTrue(e.quiet());
        assertEquals(22, e.exitCode());
        assertEquals("", e.stderrText(Usage.CHECKPOINT));
        assertEquals("", ERRORS.error("-q").stderrText(Usage.CHECKPOINT));
        assertEquals(255, ERRORS.error("-q").exitCode());
    }

    @Test
    void usageErrorPrintsMessageThenUsage() {
        String text = ERRORS.error("1", "2").stderrText(Usage.CHECKPOINT);
        assertTrue(text.startsWith("Only one ID is allowed, but got '1' '2'.\nUsage: cr_checkpoint [options] ID\n"),
                text);
        assertEquals("Time limit must be non-negative.\n", ERRORS.error("-t", "-4", "1").stderrText(Usage.CHECKPOINT));
    }

    @Test
    void helpListsEveryOption() {
        String help = Usage.CHECKPOINT.help();
        for (String option : new String[] {"-v, --verbose", "-q, --quiet", "-h, -?, --help", "--version",
                "-T, --tree", "-p, --pid, --process", "-g, --pgid, --group", "-s, --sid, --session", "-c, --cwd",
                "-f, --file FILE", "-F, --fd FD", "-d, --dir DIR", "--atomic", "--backup[=NAME]", "--clobber",
                "--noclobber", "--run", "-S, --signal NUM", "--stop", "--term", "--abort", "--kill", "--cont",
                "--sync", "--nosync", "--save-none", "--save-exe", "--save-private", "--save-shared", "--save-all",
                "--ptraced-error", "--ptraced-skip", "--ptraced-allow", "--ptracer-error", "--ptracer-skip",
                "--kmsg-none", "--kmsg-error", "--kmsg-warning", "-t, --time SEC"}) {
            assertTrue(help.contains("\n  " + option + " "), option);
        }
    }
}
