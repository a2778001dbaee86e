/* Hooks for the six events (CR_HOOK_{CONT,RSTRT}_{SIGNAL_CONTEXT,THREAD_CONTEXT,NO_CALLBACKS})
 * count how often they ran and note the thread they ran in: "main", or the thread's name. A
 * thread-context and a signal-context callback give both kinds of hook a round to end; a thread
 * named "worker", which never calls cr_init(), is where the NO_CALLBACKS hooks belong. Prints
 * "ready pid=P", then answers each stdin line "hooks" with
 *   "hooks cont-signal=N@T cont-thread=N@T rstrt-signal=N@T rstrt-thread=N@T cont-nocb=N@T
 *    rstrt-nocb=N@T" (one line; T is "-" for a hook that never ran); end of input exits. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/prctl.h>
#include <libcr.h>
#include "say.h"

static const cr_hook_event_t events[] = {
    CR_HOOK_CONT_SIGNAL_CONTEXT, CR_HOOK_CONT_THREAD_CONTEXT, CR_HOOK_RSTRT_SIGNAL_CONTEXT,
    CR_HOOK_RSTRT_THREAD_CONTEXT, CR_HOOK_CONT_NO_CALLBACKS, CR_HOOK_RSTRT_NO_CALLBACKS,
};
static atomic_int counts[CR_NUM_HOOKS];
static char threads[CR_NUM_HOOKS][17];

/* Runs in a signal handler for the signal-context events: only counters and a syscall. */
static void count(cr_hook_event_t event)
{
    if (gettid() == getpid())
        strcpy(threads[event], "main");
    else
        prctl(PR_GET_NAME, threads[event]);
    atomic_fetch_add(&counts[event], 1);
}

static int ready(void *unused)
{
    (void)unused;
    cr_checkpoint(CR_CHECKPOINT_READY);
    return 0;
}

static const char *thread_of(cr_hook_event_t event)
{
    return atomic_load(&counts[event]) == 0 ? "-" : threads[event];
}

static void report(void)
{
    say("hooks cont-signal=%d@%s cont-thread=%d@%s rstrt-signal=%d@%s rstrt-thread=%d@%s cont-nocb=%d@%s"
        " rstrt-nocb=%d@%s",
        atomic_load(&counts[CR_HOOK_CONT_SIGNAL_CONTEXT]), thread_of(CR_HOOK_CONT_SIGNAL_CONTEXT),
        atomic_load(&counts[CR_HOOK_CONT_THREAD_CONTEXT]), thread_of(CR_HOOK_CONT_THREAD_CONTEXT),
        atomic_load(&counts[CR_HOOK_RSTRT_SIGNAL_CONTEXT]), thread_of(CR_HOOK_RSTRT_SIGNAL_CONTEXT),
        atomic_load(&counts[CR_HOOK_RSTRT_THREAD_CONTEXT]), thread_of(CR_HOOK_RSTRT_THREAD_CONTEXT),
        atomic_load(&counts[CR_HOOK_CONT_NO_CALLBACKS]), thread_of(CR_HOOK_CONT_NO_CALLBACKS),
        atomic_load(&counts[CR_HOOK_RSTRT_NO_CALLBACKS]), thread_of(CR_HOOK_RSTRT_NO_CALLBACKS));
}

/* A thread without libcr: it only waits, for the hooks to find it. */
static void *worker(void *unused)
{
    (void)unused;
    prctl(PR_SET_NAME, "worker");
    for (;;)
        pause();
    return NULL;
}

int main(void)
{
    if (cr_init() < 0 || cr_register_callback(ready, NULL, CR_THREAD_CONTEXT) < 0
        || cr_register_callback(ready, NULL, CR_SIGNAL_CONTEXT) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    for (size_t i = 0; i < sizeof events / sizeof events[0]; i++)
        if (cr_register_hook(events[i], count) == CR_HOOK_FN_ERROR) {
            say("failed cr_register_hook %d errno=%d", (int)events[i], errno);
            return 1;
        }
    pthread_t thread;
    if (pthread_create(&thread, NULL, worker, NULL) != 0) {
        say("failed pthread_create");
        return 1;
    }
    say("ready pid=%d", getpid());
    char line[64];
    while (read_line(line, sizeof line) > 0)
        if (strcmp(line, "hooks") == 0)
            report();
    return 0;
}
