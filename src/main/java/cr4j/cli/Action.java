package cr4j.cli;

/** What a parsed command line asks for. */
public enum Action {
    /** Do the command's work with the parsed options. */
    EXECUTE,
    /** Print {@link Usage#help()} on stdout and exit 0 (the other options are defaults). */
    HELP,
    /** Print {@link Usage#version()} on stdout and exit 0 (the other options are defaults). */
    VERSION
}
