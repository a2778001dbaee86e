/* What the libcr test programs share besides say.h. */
#ifndef LIBCR_SAY_H
#define LIBCR_SAY_H

#include <libcr.h>
#include <string.h>
#include "say.h"

/* Says "ready pid=P", then answers each "status" line with "status=S" (cr_status()) until the
 * end of input; returns main's exit status. */
static inline int serve_status(void)
{
    say("ready pid=%d", getpid());
    char line[64];
    while (read_line(line, sizeof line) > 0)
        if (strcmp(line, "status") == 0)
            say("status=%d", cr_status());
    return 0;
}

/* cr_init(), then CALLBACK(ARG) registered in CONTEXT, then ready_until_end(); "failed libcr
 * errno=E" and 1 if libcr refuses. */
static inline int run_with_callback(cr_callback_t callback, void *arg, int context)
{
    if (cr_init() < 0 || cr_register_callback(callback, arg, context) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    return ready_until_end();
}

/* Forks a child that runs PREPARE(), tells the parent it is ready and then waits in pause() to
 * be killed; returns its pid once it is ready, or -1 ("failed ..." said) if it could not start. */
static inline pid_t fork_ready_child(void (*prepare)(void))
{
    int ready[2];
    if (pipe(ready) < 0) {
        say("failed pipe errno=%d", errno);
        return -1;
    }
    pid_t child = fork();
    if (child < 0) {
        say("failed fork errno=%d", errno);
        return -1;
    }
    char byte = 1;
    if (child == 0) {
        close(ready[0]);
        prepare();
        if (write(ready[1], &byte, 1) != 1)
            _exit(1);
        close(ready[1]);
        for (;;)
            pause();
    }
    close(ready[1]);
    int started = read(ready[0], &byte, 1) == 1;
    close(ready[0]);
    if (!started) {
        say("child failed before it was ready");
        return -1;
    }
    return child;
}

#endif
