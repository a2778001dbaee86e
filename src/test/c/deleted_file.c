/* Keeps a file open after deleting it, positioned after "hello ". On each line on stdin reads
 * 5 bytes from where it is and prints "read TEXT link LINK", LINK being what /proc/self/fd shows. */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include "say.h"

int main(int argc, char **argv)
{
    int fd = argc == 2 ? open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600) : -1;
    if (fd < 0 || write(fd, "hello world", 11) != 11 || unlink(argv[1]) || lseek(fd, 6, SEEK_SET) != 6)
        return 2;
    say("ready");
    char line[64];
    while (read(0, line, sizeof line) > 0) {
        char text[6] = {0}, link[PATH_MAX] = {0}, self[64];
        ssize_t n = read(fd, text, 5);
        text[n > 0 ? n : 0] = 0;
        snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
        readlink(self, link, sizeof link - 1);
        say("read %s link %s", text, link);
        lseek(fd, 6, SEEK_SET);
    }
    return 0;
}
