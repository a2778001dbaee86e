/* Appends "line N" to FILE (O_APPEND) on each line on stdin, then prints "appended N"; also keeps
 * /dev/zero and /dev/full open and prints "zero Z full-errno E" with each. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include "say.h"

int main(int argc, char **argv)
{
    int log = argc == 2 ? open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644) : -1;
    int zero = open("/dev/zero", O_RDONLY), full = open("/dev/full", O_WRONLY);
    if (log < 0 || zero < 0 || full < 0)
        return 2;
    char line[64];
    for (int n = 1; read(0, line, sizeof line) > 0; n++) {
        char text[32], z = 7;
        write(log, text, snprintf(text, sizeof text, "line %d\n", n));
        read(zero, &z, 1);
        int e = write(full, "x", 1) < 0 ? errno : 0;
        say("appended %d zero %d full-errno %d", n, z, e);
    }
    return 0;
}
