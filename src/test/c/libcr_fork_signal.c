/* A signal-context callback forks. The child prints "child rc=R" for its own cr_checkpoint(),
 * returns from the callback and, back in the main thread's wait, exits 7. The parent reaps it,
 * prints "child status=S", then "callback rc=R" for its cr_checkpoint(). Prints "ready pid=P";
 * the main thread only waits for signals. */
#include <sys/wait.h>
#include <libcr.h>
#include "say.h"

static pid_t original;

static void reap(pid_t child)
{
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) {
            say("failed waitpid errno=%d", errno);
            return;
        }
    say("child status=%d", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

static int forking(void *unused)
{
    (void)unused;
    pid_t child = fork();
    if (child < 0)
        say("failed fork errno=%d", errno);
    else if (child == 0) {
        say("child rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
        return 0;
    } else
        reap(child);
    say("callback rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

int main(void)
{
    original = getpid();
    if (cr_init() < 0 || cr_register_callback(forking, NULL, CR_SIGNAL_CONTEXT) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    say("ready pid=%d", original);
    while (getpid() == original)
        pause();
    _exit(7);
}
