/* Two thread-context and two signal-context callbacks, each printing around its cr_checkpoint():
 *   "enter TAG dest=D signal=S scope=C target=T" before, from cr_get_checkpoint_info()
 *   "leave TAG rc=R" after
 * TAG is thread1, thread2, signal1, signal2 in the order of registration. Prints "ready pid=P"
 * once all four are registered, then answers each stdin line "status" with "status=S"
 * (cr_status()); end of input exits. */
#include <string.h>
#include <libcr.h>
#include "libcr_say.h"

static int tagged(void *tag)
{
    const struct cr_checkpoint_info *info = cr_get_checkpoint_info();
    if (info == NULL)
        say("enter %s no-info", (const char *)tag);
    else
        say("enter %s dest=%s signal=%d scope=%d target=%d", (const char *)tag, info->dest, info->signal,
            (int)info->scope, (int)info->target);
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    say("leave %s rc=%d", (const char *)tag, rc);
    return 0;
}

static int registered(const char *tag, int context)
{
    if (cr_register_callback(tagged, (void *)tag, context) < 0) {
        say("failed cr_register_callback %s errno=%d", tag, errno);
        return 0;
    }
    return 1;
}

int main(void)
{
    if (cr_init() < 0) {
        say("failed cr_init errno=%d", errno);
        return 1;
    }
    if (!registered("thread1", CR_THREAD_CONTEXT) || !registered("thread2", CR_THREAD_CONTEXT)
        || !registered("signal1", CR_SIGNAL_CONTEXT) || !registered("signal2", CR_SIGNAL_CONTEXT))
        return 1;
    return serve_status();
}
