package cr4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartOptionsTest {

    private static final OptionErrors ERRORS = new OptionErrors(RestartOptions::parse);

    @Test
    void defaultsMatchBlcr() throws OptionError {
        RestartOptions o = RestartOptions.parse("context.1234");
        assertEquals(Action.EXECUTE, o.action());
        assertEquals(new ContextLocation.File(Path.of("context.1234")), o.source());
        assertEquals(0, o.signal());
        assertEquals(OmitPolicy.MAYBE, o.omit());
        assertEquals(FailureHooks.NONE, o.hooks());
        assertEquals(List.of(), o.relocations());
        assertTrue(o.restorePid());
        assertFalse(o.restorePgid());
        assertFalse(o.restoreSid());
        assertEquals(KernelMessages.ERROR, o.kmsg());
        assertFalse(o.quiet());
    }

    @Test
    void fileSourceInEverySpelling() throws OptionError {
        ContextLocation expected = new ContextLocation.File(Path.of("ctx"));
        assertEquals(expected, RestartOptions.parse("-f", "ctx").source());
        assertEquals(expected, RestartOptions.parse("-fctx").source());
        assertEquals(expected, RestartOptions.parse("--file", "ctx").source());
        assertEquals(expected, RestartOptions.parse("--file=ctx").source());
        assertEquals(expected, RestartOptions.parse("ctx").source());
    }

    @Test
    void descriptorSource() throws OptionError {
        assertEquals(new ContextLocation.Descriptor(0), RestartOptions.parse("-F", "0").source());
        assertEquals(new ContextLocation.Descriptor(7), RestartOptions.parse("--fd=7").source());
        ERRORS.assertUsageError("-F", "stdin");
    }

    @Test
    void negativeDescriptorKeepsBlcrSpelling() {
        ERRORS.assertInvalid("FD argument must be a non-negatvive integer (-2 was given)", "-F", "-2");
    }

    @Test
    void dirSourceIsNotImplemented() {
        ERRORS.assertInvalid("-d flag not yet implemented", "-d", "/tmp/d");
    }

    @Test
    void twoSourcesConflict() {
        ERRORS.assertInvalid("multiple source arguments specified", "-f", "a", "-F", "0");
        ERRORS.assertInvalid("multiple source arguments specified", "-f", "a", "-f", "b");
        ERRORS.assertInvalid("multiple source arguments specified", "-F", "0", "-d", "x");
    }

    @Test
    void operandCountDependsOnSourceOption() {
        ERRORS.assertUsageError();
        ERRORS.assertUsageError("a", "b");
        ERRORS.assertUsageError("-f", "a", "b");
        ERRORS.assertUsageError("-F", "0", "b");
    }

    @Test
    void versionIsShortVHere() throws OptionError {
        assertEquals(Action.VERSION, RestartOptions.parse("-v").action());
        assertEquals(Action.VERSION, RestartOptions.parse("--version").action());
        assertEquals("cr_restart version 0.8.6_b4\n", Usage.RESTART.version());
        ERRORS.assertUsageError("--verbose", "ctx");
    }

    @Test
    void helpEndsParsing() throws OptionError {
        for (String help : new String[] {"-h", "-?", "--help"}) {
            RestartOptions o = RestartOptions.parse(help);
            assertEquals(Action.HELP, o.action());
            assertNull(o.source());
        }
        assertEquals(Action.HELP, RestartOptions.parse("-h", "--relocate", "bad").action());
    }

    @ParameterizedTest
    @CsvSource({"--run,0", "--stop,19", "--freeze,19", "--term,15", "--abort,6", "--kill,9", "--cont,18"})
    void namedSignals(String option, int signal) throws OptionError {
        assertEquals(signal, RestartOptions.parse(option, "ctx").signal());
    }

    @Test
    void numericSignalAndLastWins() throws OptionError {
        assertEquals(10, RestartOptions.parse("-S10", "ctx").signal());
        assertEquals(10, RestartOptions.parse("--signal", "10", "ctx").signal());
        assertEquals(0, RestartOptions.parse("--stop", "--run", "ctx").signal());
        ERRORS.assertInvalid("Valid signal numbers are from 1 to 64, inclusive.", "-S", "65", "ctx");
        ERRORS.assertUsageError("-S", "stop", "ctx");
    }

    @Test
    void freezeIsAcceptedButUndocumented() {
        assertFalse(Usage.RESTART.help().contains("--freeze"));
    }

    @Test
    void omitPolicies() throws OptionError {
        assertEquals(OmitPolicy.ALWAYS, RestartOptions.parse("--omit-always", "ctx").omit());
        assertEquals(OmitPolicy.NEVER, RestartOptions.parse("--omit-never", "ctx").omit());
        assertEquals(OmitPolicy.MAYBE, RestartOptions.parse("--omit-never", "--omit-maybe", "ctx").omit());
    }

    @Test
    void eachHookHasItsCategory() throws OptionError {
        FailureHooks hooks = RestartOptions.parse("--run-on-success=s", "--run-on-fail-args=a",
                "--run-on-fail-temp", "t", "--run-on-fail-env=e", "--run-on-fail-perm=p", "ctx").hooks();
        assertEquals(Optional.of("s"), hooks.successCommand());
        assertEquals(Optional.of("a"), hooks.failureCommand(FailureCategory.ARGS));
        assertEquals(Optional.of("t"), hooks.failureCommand(FailureCategory.TEMP));
        assertEquals(Optional.of("e"), hooks.failureCommand(FailureCategory.ENV));
        assertEquals(Optional.of("p"), hooks.failureCommand(FailureCategory.PERM));
    }

    @Test
    void runOnFailureSetsAllFourFailHooks() throws OptionError {
        FailureHooks hooks = RestartOptions.parse("--run-on-failure=echo failed", "--run-on-fail-env=env",
                "ctx").hooks();
        assertEquals(Optional.empty(), hooks.successCommand());
        assertEquals(Optional.of("echo failed"), hooks.failureCommand(FailureCategory.ARGS));
        assertEquals(Optional.of("echo failed"), hooks.failureCommand(FailureCategory.TEMP));
        assertEquals(Optional.of("env"), hooks.failureCommand(FailureCategory.ENV));
        assertEquals(Optional.of("echo failed"), hooks.failureCommand(FailureCategory.PERM));
    }

    @Test
    void emptyHookIsNoHook() throws OptionError {
        FailureHooks hooks = RestartOptions.parse("--run-on-failure=x", "--run-on-fail-perm=", "ctx").hooks();
        assertEquals(Optional.empty(), hooks.failureCommand(FailureCategory.PERM));
    }

    @Test
    void optionErrorCarriesTheFailArgsHookGivenBeforeIt() {
        OptionError e = ERRORS.error("--run-on-fail-args=notify", "--relocate", "nothing");
        assertEquals(Optional.of("notify"), e.failArgsHook());
        assertEquals(Optional.of("all"), ERRORS.error("--run-on-failure=all", "a", "b").failArgsHook());
        assertEquals(Optional.empty(), ERRORS.error("--relocate", "nothing", "--run-on-fail-args=late").failArgsHook());
    }

    @Test
    void identifierRestoration() throws OptionError {
        RestartOptions o = RestartOptions.parse("--no-restore-pid", "--restore-pgid", "--restore-sid", "ctx");
        assertFalse(o.restorePid());
        assertTrue(o.restorePgid());
        assertTrue(o.restoreSid());
        RestartOptions back = RestartOptions.parse("--no-restore-pid", "--restore-pid", "--restore-pgid",
                "--no-restore-pgid", "--restore-sid", "--no-restore-sid", "ctx");
        assertTrue(back.restorePid());
        assertFalse(back.restorePgid());
        assertFalse(back.restoreSid());
    }

    @Test
    void kernelMessagesAndQuiet() throws OptionError {
        RestartOptions o = RestartOptions.parse("-q", "--kmsg-warning", "ctx");
        assertTrue(o.quiet());
        assertEquals(KernelMessages.WARNING, o.kmsg());
        assertEquals(KernelMessages.NONE, RestartOptions.parse("--kmsg-none", "ctx").kmsg());
        assertEquals(KernelMessages.ERROR, RestartOptions.parse("--kmsg-none", "--kmsg-error", "ctx").kmsg());
        assertTrue(RestartOptions.parse("--quiet", "ctx").quiet());
    }

    @Test
    void relocationsInBothSpellingsInOrder() throws OptionError {
        RestartOptions o = RestartOptions.parse("--relocate", "/a=/b", "--relocate=/c/=/d//", "ctx");
        assertEquals(List.of(new Relocation("/a", "/b"), new Relocation("/c", "/d")), o.relocations());
    }

    @Test
    void relocationErrors() {
        ERRORS.assertInvalid("Relocation argument '/a=/b=/c' contains multiple unescaped '=' characters.",
                "--relocate", "/a=/b=/c", "ctx");
        ERRORS.assertInvalid("Relocation argument '/a\\=/b' contains no unescaped '=' characters.",
                "--relocate", "/a\\=/b", "ctx");
        ERRORS.assertInvalid("Relocation paths must begin with '/', but have 'tmp=/b'", "--relocate", "tmp=/b", "ctx");
        ERRORS.assertInvalid("Relocation paths must begin with '/', but have '/a='", "--relocate", "/a=", "ctx");
    }

    @Test
    void sixteenRelocationsAreAllowedTheSeventeenthIsNot() throws OptionError {
        List<String> args = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            args.add("--relocate=/old" + i + "=/new" + i);
        }
        args.add("ctx");
        assertEquals(16, RestartOptions.parse(args.toArray(String[]::new)).relocations().size());
        args.add(args.size() - 1, "--relocate=/old17=/new17");
        ERRORS.assertInvalid("Too many relocations (max is 16).", args.toArray(String[]::new));
    }

    @Test
    void identityRelocationsAreDroppedAndNotCounted() throws OptionError {
        List<String> args = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            args.add("--relocate=/old" + i + "=/new" + i);
        }
        args.add("--relocate=/same/=/same");
        args.add("ctx");
        assertEquals(16, RestartOptions.parse(args.toArray(String[]::new)).relocations().size());
    }

    @Test
    void relocateAppliesFirstMatchingRuleByWholeComponents() throws OptionError {
        RestartOptions o = RestartOptions.parse("--relocate=/tmp/foo=/scratch/foo", "--relocate=/tmp=/var/tmp",
                "ctx");
        assertEquals("/scratch/foo", o.relocate("/tmp/foo"));
        assertEquals("/scratch/foo/1", o.relocate("/tmp/foo/1"));
        assertEquals("/var/tmp/fooz", o.relocate("/tmp/fooz"));
        assertEquals("/var/tmp/foo", o.relocate("/var/tmp/foo"));
        assertEquals("/home/u", o.relocate("/home/u"));
    }

    @Test
    void helpListsEveryOption() {
        String help = Usage.RESTART.help();
        for (String option : new String[] {"-h, -?, --help", "-v, --version", "-q, --quiet", "-f, --file FILE",
                "-F, --fd FD", "-d, --dir DIR", "--run", "-S, --signal NUM", "--stop", "--term", "--abort", "--kill",
                "--cont", "--omit-maybe", "--omit-always", "--omit-never", "--run-on-success CMD",
                "--run-on-fail-args CMD", "--run-on-fail-temp CMD", "--run-on-fail-env CMD",
                "--run-on-fail-perm CMD", "--run-on-failure CMD", "--relocate OLDPATH=NEWPATH", "--restore-pid",
                "--no-restore-pid", "--restore-pgid", "--no-restore-pgid", "--restore-sid", "--no-restore-sid",
                "--kmsg-none", "--kmsg-error", "--kmsg-warning"}) {
            assertTrue(help.contains("\n  " + option + " "), option);
        }
        assertTrue(help.startsWith("Usage: cr_restart [options] [FILE]\n"));
    }
}
