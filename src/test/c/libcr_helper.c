/* A parent and a helper child, both with libcr. The helper's thread-context callback asks to be
 * left out with cr_checkpoint(CR_CHECKPOINT_OMIT) and prints "helper rc=R"; the parent's prints
 * "parent rc=R". Each initialises libcr after the fork, so neither inherits the other's
 * callback, and prints "name=N pid=P ppid=Q" once registered; then both wait in pause(). */
#include <signal.h>
#include <libcr.h>
#include "say.h"

static int omit_helper(void *unused)
{
    (void)unused;
    say("helper rc=%d", cr_checkpoint(CR_CHECKPOINT_OMIT));
    return 0;
}

static int take_part(void *unused)
{
    (void)unused;
    say("parent rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

static void run(const char *name, cr_callback_t callback)
{
    if (cr_init() < 0 || cr_register_callback(callback, NULL, CR_THREAD_CONTEXT) < 0) {
        say("name=%s failed libcr errno=%d", name, errno);
        _exit(1);
    }
    say("name=%s pid=%d ppid=%d", name, getpid(), getppid());
    for (;;)
        pause();
}

int main(void)
{
    pid_t child = fork();
    if (child < 0) {
        say("name=parent failed fork errno=%d", errno);
        return 1;
    }
    run(child == 0 ? "helper" : "parent", child == 0 ? omit_helper : take_part);
}
