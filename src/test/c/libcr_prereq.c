/* The per-call prerequisites of libcr: without cr_init() in the calling thread the calls fail
 * with CR_ENOINIT; after it, outside any callback, the callback-only calls fail with CR_ENOTCB
 * or return NULL; the argument checks give ERANGE and EINVAL. Prints "FAIL what: ..." for each
 * expectation that does not hold, then "checked N failed F"; exits 0 only when all hold. */
#include <libcr.h>
#include "say.h"

static int checked;
static int failed;

static int ignore(void *unused)
{
    (void)unused;
    return 0;
}

static void hook(cr_hook_event_t event)
{
    (void)event;
}

/* Calls that report through their result alone may leave any errno. */
#define ANY_ERRNO (-1)

/* What the call returned and the errno it left, against what it should have. */
static void expect(const char *what, long got, long wanted_result, int wanted_errno)
{
    int error = errno;
    checked++;
    if (got == wanted_result && (wanted_errno == ANY_ERRNO || error == wanted_errno))
        return;
    failed++;
    say("FAIL %s: returned %ld errno %d, expected %ld errno %d", what, got, error, wanted_result, wanted_errno);
}

/* Each call is made with errno cleared first, so a stale value cannot pass for the right one. */
#define EXPECT(call, result, error) (errno = 0, expect(#call, (long)(call), (long)(result), (error)))
#define EXPECT_VALUE(call, result) expect(#call, (long)(call), (long)(result), ANY_ERRNO)

static void before_init(void)
{
    EXPECT(cr_status(), -1, CR_ENOINIT);
    EXPECT(cr_enter_cs(0), -1, CR_ENOINIT);
    EXPECT(cr_leave_cs(0), -1, CR_ENOINIT);
    EXPECT(cr_tryenter_cs(0), -1, CR_ENOINIT);
    EXPECT(cr_register_callback(ignore, NULL, CR_THREAD_CONTEXT), -1, CR_ENOINIT);
    EXPECT(cr_register_callback(ignore, NULL, CR_SIGNAL_CONTEXT), -1, CR_ENOINIT);
    EXPECT(cr_replace_callback(CR_THREAD_CONTEXT, ignore, NULL, CR_THREAD_CONTEXT), -1, CR_ENOINIT);
    EXPECT(cr_inc_persist(), -1, CR_ENOINIT);
    EXPECT(cr_dec_persist(), -1, CR_ENOINIT);
    EXPECT(cr_register_hook(CR_HOOK_CONT_NO_CALLBACKS, hook), CR_HOOK_FN_ERROR, CR_ENOINIT);
}

static void outside_callbacks(void)
{
    EXPECT_VALUE(cr_checkpoint(CR_CHECKPOINT_READY), -CR_ENOTCB);
    EXPECT(cr_replace_self(ignore, NULL, CR_THREAD_CONTEXT), -1, CR_ENOTCB);
    EXPECT(cr_forward_checkpoint(CR_SCOPE_PROC, getpid()), -1, CR_ENOTCB);
    EXPECT_VALUE(cr_get_checkpoint_info(), NULL);
    EXPECT_VALUE(cr_get_restart_info(), NULL);
}

static void argument_checks(void)
{
    EXPECT(cr_dec_persist(), -1, ERANGE);
    EXPECT(cr_register_hook(CR_HOOK_CONT_SIGNAL_CONTEXT, CR_HOOK_FN_ERROR), CR_HOOK_FN_ERROR, EINVAL);
    EXPECT(cr_register_hook((cr_hook_event_t)-1, NULL), CR_HOOK_FN_ERROR, EINVAL);
    EXPECT(cr_register_hook(CR_NUM_HOOKS, NULL), CR_HOOK_FN_ERROR, EINVAL);
}

int main(void)
{
    before_init();
    errno = 0;
    if (cr_init() < 0) {
        say("FAIL cr_init: errno %d", errno);
        return 1;
    }
    outside_callbacks();
    argument_checks();
    say("checked %d failed %d", checked, failed);
    return failed == 0 ? 0 : 1;
}
