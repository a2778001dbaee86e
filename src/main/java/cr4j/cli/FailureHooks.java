package cr4j.cli;

import java.util.Optional;

/**
 * cr_restart's shell commands for success and for each failure category; an empty string means
 * no command (an empty hook behaves as an absent one).
 */
public record FailureHooks(String success, String args, String temp, String env, String perm) {
    static final FailureHooks NONE = new FailureHooks("", "", "", "", "");

    /** The command run once the restored processes are known to be running. */
    public Optional<String> successCommand() {
        return present(success);
    }

    /** The command run when a restart fails in {@code category}. */
    public Optional<String> failureCommand(FailureCategory category) {
        return present(switch (category) {
            case ARGS -> args;
            case TEMP -> temp;
            case ENV -> env;
            case PERM -> perm;
        });
    }

    FailureHooks withSuccess(String command) {
        return new FailureHooks(command, args, temp, env, perm);
    }

    FailureHooks withFailure(FailureCategory category, String command) {
        return switch (category) {
            case ARGS -> new FailureHooks(success, command, temp, env, perm);
            case TEMP -> new FailureHooks(success, args, command, env, perm);
            case ENV -> new FailureHooks(success, args, temp, command, perm);
            case PERM -> new FailureHooks(success, args, temp, env, command);
        };
    }

    /** {@code --run-on-failure}: one command for every failure category. */
    FailureHooks withAllFailures(String command) {
        return new FailureHooks(success, command, command, command, command);
    }

    private static Optional<String> present(String command) {
        return command.isEmpty() ? Optional.empty() : Optional.of(command);
    }
}
