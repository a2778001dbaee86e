/* One callback that cancels every checkpoint. Arguments: the context ("thread" or "signal") and
 * the vote: "temp911" for CR_CHECKPOINT_TEMP_FAILURE_CODE(911), "perm" for
 * CR_CHECKPOINT_PERM_FAILURE. The callback prints "callback voting" and then "callback rc=R" if
 * cr_checkpoint() returns. Prints "ready pid=P", then answers each stdin line "status" with
 * "status=S" (cr_status()); end of input exits. */
#include <string.h>
#include <libcr.h>
#include "libcr_say.h"

static int vote;

static int cancel(void *unused)
{
    (void)unused;
    say("callback voting");
    say("callback rc=%d", cr_checkpoint(vote));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3 || (strcmp(argv[1], "thread") != 0 && strcmp(argv[1], "signal") != 0)
        || (strcmp(argv[2], "temp911") != 0 && strcmp(argv[2], "perm") != 0)) {
        say_to(2, "usage: libcr_fail thread|signal temp911|perm");
        return 2;
    }
    int context = strcmp(argv[1], "thread") == 0 ? CR_THREAD_CONTEXT : CR_SIGNAL_CONTEXT;
    vote = strcmp(argv[2], "perm") == 0 ? CR_CHECKPOINT_PERM_FAILURE : CR_CHECKPOINT_TEMP_FAILURE_CODE(911);
    if (cr_init() < 0 || cr_register_callback(cancel, NULL, context) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    return serve_status();
}
