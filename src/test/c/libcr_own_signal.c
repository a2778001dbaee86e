/* After cr_init() and a signal-context callback (which prints "signal rc=R"), the program takes
 * CR_SIGNUM for itself: the argument is "handler" (its own handler, which prints "own handler"),
 * "ignore" (SIG_IGN) or "default" (SIG_DFL). Prints "ready pid=P"; then answers each "raise"
 * with "disposition=handler|ignore|default|other", raises CR_SIGNUM if its own handler is in
 * place, and prints "raised". Waits for end of input. */
#include <signal.h>
#include <string.h>
#include <libcr.h>
#include "say.h"

static void own_handler(int signal)
{
    (void)signal;
    say("own handler");
}

static int report(void *unused)
{
    (void)unused;
    say("signal rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

static const char *disposition(void)
{
    struct sigaction current;
    sigaction(CR_SIGNUM, NULL, &current);
    if (current.sa_flags & SA_SIGINFO)
        return "other";
    if (current.sa_handler == own_handler)
        return "handler";
    return current.sa_handler == SIG_IGN ? "ignore" : current.sa_handler == SIG_DFL ? "default" : "other";
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (cr_init() < 0 || cr_register_callback(report, NULL, CR_SIGNAL_CONTEXT) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    signal(CR_SIGNUM, strcmp(mode, "handler") == 0 ? own_handler : strcmp(mode, "ignore") == 0 ? SIG_IGN : SIG_DFL);
    say("ready pid=%d", getpid());
    char line[64];
    while (read_line(line, sizeof line) > 0) {
        if (strcmp(line, "raise") != 0)
            continue;
        const char *now = disposition();
        say("disposition=%s", now);
        if (strcmp(now, "handler") == 0)
            raise(CR_SIGNUM);
        say("raised");
    }
    return 0;
}
