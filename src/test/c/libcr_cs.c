/* A critical section holds a checkpoint off. main enters a section and prints "in-section", then
 * watches cr_status() until the request arrives and prints "pending". The checkpoint may only
 * run once the stdin line "leave" lets main call cr_leave_cs: the thread-context callback prints
 * "callback enter" and "callback rc=R", and main prints "leaving" before the call, "left rc=R"
 * after it and then "status=S". */
#include <string.h>
#include <time.h>
#include <libcr.h>
#include "say.h"

static int announce(void *unused)
{
    (void)unused;
    say("callback enter");
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    say("callback rc=%d", rc);
    return 0;
}

/* The request comes from outside; nothing announces it but cr_status(). */
static int await_pending(void)
{
    const struct timespec pause = { 0, 1000 * 1000 };
    int status;
    while ((status = cr_status()) == CR_STATE_IDLE)
        nanosleep(&pause, NULL);
    return status;
}

int main(void)
{
    cr_client_id_t id = cr_init();
    if (id < 0) {
        say("failed cr_init errno=%d", errno);
        return 1;
    }
    if (cr_register_callback(announce, NULL, CR_THREAD_CONTEXT) < 0) {
        say("failed cr_register_callback errno=%d", errno);
        return 1;
    }
    if (cr_enter_cs(id) < 0) {
        say("failed cr_enter_cs errno=%d", errno);
        return 1;
    }
    say("in-section pid=%d", getpid());
    int status = await_pending();
    if (status != CR_STATE_PENDING)
        say("status=%d instead of pending", status);
    else
        say("pending");
    char line[64];
    while (read_line(line, sizeof line) > 0 && strcmp(line, "leave") != 0)
        ;
    say("leaving");
    int rc = cr_leave_cs(id);
    say("left rc=%d", rc);
    say("status=%d", cr_status());
    while (read_line(line, sizeof line) > 0)
        ;
    return 0;
}
