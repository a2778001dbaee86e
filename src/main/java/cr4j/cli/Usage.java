package cr4j.cli;

/** The {@code --help} and {@code --version} texts of each command. */
public enum Usage {
    CHECKPOINT("cr_checkpoint"),
    RESTART("cr_restart");

    /** The BLCR release whose command-line behaviour the commands reproduce. */
    static final String BLCR_VERSION = "0.8.6_b4";

    private final String program;

    Usage(String program) {
        this.program = program;
    }

    public String program() {
        return program;
    }

    /** The option list; on stdout for {@code --help}, on stderr after a usage error. */
    public String help() {
        return switch (this) {
            case CHECKPOINT -> CheckpointOptions.PARSER.help();
            case RESTART -> RestartOptions.PARSER.help();
        };
    }

    /** BLCR's version line, unchanged, so scripts that parse it keep working. */
    public String version() {
        return program + " version " + BLCR_VERSION + "\n";
    }
}
