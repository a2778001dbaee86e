/* A parent's callback forwards the checkpoint to its child. The child initialises libcr after the
 * fork, registers a thread-context callback that prints "child rc=R" and tells the parent through
 * a pipe. The parent's thread-context callback calls cr_forward_checkpoint(CR_SCOPE_PROC, T) for
 * T = -1, 1 and the child and prints "forward T rc=R errno=E" for each (T spelled -1, 1, child),
 * then "parent rc=R". The parent prints "ready pid=P child=C" and waits for end of input; the
 * child waits in pause(). */
#include <signal.h>
#include <stdio.h>
#include <libcr.h>
#include "libcr_say.h"

static pid_t child;

static void forward(const char *name, pid_t target)
{
    errno = 0;
    int rc = cr_forward_checkpoint(CR_SCOPE_PROC, target);
    say("forward %s rc=%d errno=%d", name, rc, rc == 0 ? 0 : errno);
}

static int forward_to_child(void *unused)
{
    (void)unused;
    forward("-1", -1);
    forward("1", 1);
    forward("child", child);
    say("parent rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

static int report(void *name)
{
    say("%s rc=%d", (const char *)name, cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

static void register_thread_callback(cr_callback_t callback, void *arg)
{
    if (cr_init() < 0 || cr_register_callback(callback, arg, CR_THREAD_CONTEXT) < 0) {
        say("failed libcr pid=%d errno=%d", getpid(), errno);
        _exit(1);
    }
}

static void prepare_child(void)
{
    register_thread_callback(report, "child");
}

int main(void)
{
    child = fork_ready_child(prepare_child);
    if (child < 0)
        return 1;
    register_thread_callback(forward_to_child, NULL);
    say("ready pid=%d child=%d", getpid(), child);
    char line[64];
    while (read_line(line, sizeof line) > 0)
        ;
    return 0;
}
