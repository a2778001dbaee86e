/* A thread-context and a signal-context callback report what cr_checkpoint() returned:
 *   "TAG rc=R" on the continue path (TAG is thread or signal)
 *   "TAG rc=R requester=Q src=S" when R > 0, from cr_get_restart_info()
 * Prints "ready pid=P" once both are registered; waits for end of input. */
#include <libcr.h>
#include "say.h"

static int report(void *tag)
{
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    const struct cr_restart_info *info = cr_get_restart_info();
    if (rc <= 0)
        say("%s rc=%d", (const char *)tag, rc);
    else if (info == NULL)
        say("%s rc=%d no-info", (const char *)tag, rc);
    else
        say("%s rc=%d requester=%d src=%s", (const char *)tag, rc, (int)info->requester, info->src);
    return 0;
}

int main(void)
{
    if (cr_init() < 0) {
        say("failed cr_init errno=%d", errno);
        return 1;
    }
    if (cr_register_callback(report, "thread", CR_THREAD_CONTEXT) < 0
        || cr_register_callback(report, "signal", CR_SIGNAL_CONTEXT) < 0) {
        say("failed cr_register_callback errno=%d", errno);
        return 1;
    }
    return ready_until_end();
}
