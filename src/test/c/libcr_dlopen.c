/* A program not linked with libcr loads it at run time from the path in argv[1] and reaches it
 * only through the handle: it prints "global cr_init=absent" (or "present") for
 * dlsym(RTLD_DEFAULT, "cr_init"), then calls cr_init and cr_register_callback through the handle.
 * The thread-context callback prints "callback rc=R" for cr_checkpoint(), also found through the
 * handle. Prints "ready pid=P"; waits for end of input. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <libcr.h>
#include "say.h"

static int (*checkpoint)(int);

static int report(void *unused)
{
    (void)unused;
    say("callback rc=%d", checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

static void *lookup(void *library, const char *name)
{
    void *symbol = dlsym(library, name);
    if (symbol == NULL) {
        say("failed dlsym %s: %s", name, dlerror());
        _exit(1);
    }
    return symbol;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        say_to(2, "usage: libcr_dlopen PATH-OF-LIBCR");
        return 2;
    }
    void *library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        say("failed dlopen: %s", dlerror());
        return 1;
    }
    say("global cr_init=%s", dlsym(RTLD_DEFAULT, "cr_init") == NULL ? "absent" : "present");
    cr_client_id_t (*init)(void) = (cr_client_id_t (*)(void))lookup(library, "cr_init");
    cr_callback_id_t (*register_callback)(cr_callback_t, void *, int)
        = (cr_callback_id_t (*)(cr_callback_t, void *, int))lookup(library, "cr_register_callback");
    checkpoint = (int (*)(int))lookup(library, "cr_checkpoint");
    if (init() < 0 || register_callback(report, NULL, CR_THREAD_CONTEXT) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    return ready_until_end();
}
