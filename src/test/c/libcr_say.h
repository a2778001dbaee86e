/* What the libcr test programs share besides say.h. */
#ifndef LIBCR_SAY_H
#define LIBCR_SAY_H

#include <libcr.h>
#include <string.h>
#include "say.h"

/* Says "ready pid=P", then answers each "status" line with "status=S" (cr_status()) until the
 * end of input; returns main's exit status. */
static inline int serve_status(void)
{
    say("ready pid=%d", getpid());
    char line[64];
    while (read_line(line, sizeof line) > 0)
        if (strcmp(line, "status") == 0)
            say("status=%d", cr_status());
    return 0;
}

#endif
