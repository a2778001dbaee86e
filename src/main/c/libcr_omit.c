/* libcr_omit: preloaded by cr_run --omit (or linked with -lcr_omit -u cr_omit_link_me) into
 * helpers that must not be part of any checkpoint. cr_checkpoint leaves out every process that
 * has this library mapped, and sends it no post-checkpoint signal (BLCR-SPEC.md section 3). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdlib.h>
#include <unistd.h>

int cr_omit_link_me = 0;

__attribute__((constructor)) static void cr_omit_init(void)
{
    if (dlsym(RTLD_DEFAULT, "cr_run_link_me") != NULL) {
        static const char message[] = "libcr_omit: libcr_run is loaded too; a process is either in or out\n";
        write(2, message, sizeof message - 1);
        abort();
    }
}
