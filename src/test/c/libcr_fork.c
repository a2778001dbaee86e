/* A thread-context callback that forks: the child exits 7 at once and the callback reaps it and
 * prints "child status=S" (its exit status, or "signal=N"). Before that it enters and leaves a
 * critical section as CR_ID_CALLBACK, which must not block, and prints "cs enter=R leave=R";
 * last it prints "callback rc=R" for its cr_checkpoint(). Prints "ready pid=P"; waits for end of
 * input. */
#include <sys/wait.h>
#include <libcr.h>
#include "libcr_say.h"

static void fork_and_reap(void)
{
    pid_t child = fork();
    if (child < 0) {
        say("failed fork errno=%d", errno);
        return;
    }
    if (child == 0)
        _exit(7);
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) {
            say("failed waitpid errno=%d", errno);
            return;
        }
    if (WIFEXITED(status))
        say("child status=%d", WEXITSTATUS(status));
    else
        say("child signal=%d", WTERMSIG(status));
}

static int forking(void *unused)
{
    (void)unused;
    int entered = cr_enter_cs(CR_ID_CALLBACK);
    int left = cr_leave_cs(CR_ID_CALLBACK);
    say("cs enter=%d leave=%d", entered, left);
    fork_and_reap();
    say("callback rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

int main(void)
{
    return run_with_callback(forking, NULL, CR_THREAD_CONTEXT);
}
