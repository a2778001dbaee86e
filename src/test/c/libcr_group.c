/* A parent and its child in a process group of their own, each with a signal-context callback
 * that prints "NAME enter" before its cr_checkpoint() and "NAME rc=R" after (NAME is parent or
 * child). Each initialises libcr after the fork; the child tells the parent through a pipe once
 * its callback is registered. The parent prints "ready pid=P child=C pgid=G" and waits for end
 * of input; the child waits in pause(). */
#include <signal.h>
#include <libcr.h>
#include "libcr_say.h"

static int report(void *name)
{
    say("%s enter", (const char *)name);
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    say("%s rc=%d", (const char *)name, rc);
    return 0;
}

static void register_signal_callback(const char *name)
{
    if (cr_init() < 0 || cr_register_callback(report, (void *)name, CR_SIGNAL_CONTEXT) < 0) {
        say("failed libcr %s errno=%d", name, errno);
        _exit(1);
    }
}

static void prepare_child(void)
{
    register_signal_callback("child");
}

int main(void)
{
    if (setpgid(0, 0) < 0) {
        say("failed setpgid errno=%d", errno);
        return 1;
    }
    pid_t child = fork_ready_child(prepare_child);
    if (child < 0)
        return 1;
    register_signal_callback("parent");
    say("ready pid=%d child=%d pgid=%d", getpid(), child, getpgrp());
    char line[64];
    while (read_line(line, sizeof line) > 0)
        ;
    return 0;
}
