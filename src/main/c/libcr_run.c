/* libcr_run: preloaded by cr_run (or linked with -lcr_run -u cr_run_link_me) into programs that
 * take part in checkpoints without callbacks. cr4j checkpoints any process, so the library only
 * marks the process and keeps BLCR's link contract and its rule that it never loads together
 * with libcr_omit. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

int cr_run_link_me = 0;

__attribute__((constructor)) static void cr_run_init(void)
{
    if (dlsym(RTLD_DEFAULT, "cr_omit_link_me") != NULL) {
        static const char message[] = "libcr_run: libcr_omit is loaded too; a process is either in or out\n";
        write(2, message, sizeof message - 1);
        abort();
    }
}
