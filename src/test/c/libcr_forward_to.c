/* A thread-context callback forwards the checkpoint to the process given as argument and prints
 * "forward rc=R errno=E", then "callback rc=R" with what cr_checkpoint() returned. Prints
 * "ready pid=P" and waits for end of input. */
#include <stdlib.h>
#include <libcr.h>
#include "libcr_say.h"

static pid_t target;

static int forward(void *unused)
{
    (void)unused;
    errno = 0;
    int rc = cr_forward_checkpoint(CR_SCOPE_PROC, target);
    say("forward rc=%d errno=%d", rc, rc == 0 ? 0 : errno);
    say("callback rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        say("usage: libcr_forward_to PID");
        return 2;
    }
    target = (pid_t)atoi(argv[1]);
    return run_with_callback(forward, NULL, CR_THREAD_CONTEXT);
}
