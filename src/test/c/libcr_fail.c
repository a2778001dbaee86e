/* One callback that cancels every checkpoint or leaves its process out of it. Arguments: the
 * context ("thread" or "signal") and the vote: "temp911" for CR_CHECKPOINT_TEMP_FAILURE_CODE(911),
 * "perm" for CR_CHECKPOINT_PERM_FAILURE, "omit" for CR_CHECKPOINT_OMIT. The callback prints "callback voting" and then "callback rc=R" if
 * cr_checkpoint() returns. Prints "ready pid=P", then answers each stdin line "status" with
 * "status=S" (cr_status()); end of input exits. */
#include <string.h>
#include <libcr.h>
#include "libcr_say.h"

static int vote;

static int parse_vote(const char *name)
{
    if (strcmp(name, "temp911") == 0)
        return CR_CHECKPOINT_TEMP_FAILURE_CODE(911);
    if (strcmp(name, "perm") == 0)
        return CR_CHECKPOINT_PERM_FAILURE;
    if (strcmp(name, "omit") == 0)
        return CR_CHECKPOINT_OMIT;
    return -1;
}

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
        || (vote = parse_vote(argv[2])) < 0) {
        say_to(2, "usage: libcr_fail thread|signal temp911|perm|omit");
        return 2;
    }
    int context = strcmp(argv[1], "thread") == 0 ? CR_THREAD_CONTEXT : CR_SIGNAL_CONTEXT;
    if (cr_init() < 0 || cr_register_callback(cancel, NULL, context) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    return serve_status();
}
