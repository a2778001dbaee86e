/* The deprecated cr_request_file("twice.ctx") twice in a row, then cr_status() polled until IDLE
 * and "idle" printed. The thread-context callback fails the first checkpoint with TEMP_FAILURE
 * and lets the later ones go; it prints "callback rc=R" each time. Prints "ready pid=P" first;
 * waits for end of input at the end. */
#include <time.h>
#include <libcr.h>
#include "say.h"

static int calls;

static int fail_first(void *unused)
{
    (void)unused;
    int rc = cr_checkpoint(calls++ == 0 ? CR_CHECKPOINT_TEMP_FAILURE : CR_CHECKPOINT_READY);
    say("callback rc=%d", rc);
    return 0;
}

int main(void)
{
    if (cr_init() < 0 || cr_register_callback(fail_first, NULL, CR_THREAD_CONTEXT) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    say("ready pid=%d", getpid());
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    cr_request_file("twice.ctx");
    cr_request_file("twice.ctx");
#pragma GCC diagnostic pop
    const struct timespec pause = { 0, 1000 * 1000 };
    while (cr_status() != CR_STATE_IDLE)
        nanosleep(&pause, NULL);
    say("idle");
    char line[64];
    while (read_line(line, sizeof line) > 0)
        ;
    return 0;
}
