/* Reports signals as they arrive: "got SIGNAL N" for SIGHUP, SIGUSR1, SIGUSR2 and SIGTERM,
 * which it survives. For every line on stdin prints "received=K", the number of signals
 * handled so far (so a test can tell whether a signal reached the state it checkpointed).
 * Prints "ready" once the handlers are installed; end of input exits 0. */
#include <signal.h>
#include "say.h"

static volatile sig_atomic_t received;

static void on_signal(int signal_number)
{
    received++;
    say("got SIGNAL %d", signal_number);
}

int main(void)
{
    static const int handled[] = { SIGHUP, SIGUSR1, SIGUSR2, SIGTERM };
    struct sigaction action = { 0 };
    action.sa_handler = on_signal;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    for (unsigned i = 0; i < sizeof handled / sizeof handled[0]; i++)
        sigaction(handled[i], &action, NULL);

    char request[64];
    say("ready");
    while (read_line(request, sizeof request) > 0)
        say("received=%d", (int)received);
    return 0;
}
