/* A checkpoint of a process that is already being checkpointed is refused. The thread-context
 * callback runs the cr_checkpoint command named by argv[1] on its own process, once before its
 * cr_checkpoint() and once after, and prints "inner before exit=E" and "inner after exit=E" (E is
 * the command's exit status, or "signal=S" when it was killed), then "callback rc=R". The inner
 * command writes to inner.ctx and its stderr to inner.err. Prints "ready pid=P"; waits for end
 * of input. */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <libcr.h>
#include "libcr_say.h"

static const char *checkpoint_command;

/* The coordinator blocks every signal: the command must not inherit that mask. */
static void exec_inner(const char *pid)
{
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    int null = open("/dev/null", O_RDWR);
    int log = open("inner.err", O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (null < 0 || log < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(log, 2) < 0)
        _exit(126);
    execl(checkpoint_command, checkpoint_command, "-f", "inner.ctx", pid, (char *)NULL);
    _exit(127);
}

static void run_inner(const char *when)
{
    char pid[16];
    snprintf(pid, sizeof pid, "%d", (int)getpid());
    pid_t child = fork();
    if (child < 0) {
        say("inner %s failed fork errno=%d", when, errno);
        return;
    }
    if (child == 0)
        exec_inner(pid);
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR) {
            say("inner %s failed waitpid errno=%d", when, errno);
            return;
        }
    if (WIFEXITED(status))
        say("inner %s exit=%d", when, WEXITSTATUS(status));
    else
        say("inner %s signal=%d", when, WTERMSIG(status));
}

static int overlap(void *unused)
{
    (void)unused;
    run_inner("before");
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    run_inner("after");
    say("callback rc=%d", rc);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        say_to(2, "usage: libcr_overlap CR_CHECKPOINT");
        return 2;
    }
    checkpoint_command = argv[1];
    return run_with_callback(overlap, NULL, CR_THREAD_CONTEXT);
}
