/* Maps FILE (two pages) privately and shared, writes 1 into the first byte of the private copy,
 * and on each line on stdin prints "private P shared S": the first bytes of both mappings, so a
 * test sees the private copy keep its change and the shared mapping follow the file. */
#include <fcntl.h>
#include <sys/mman.h>
#include "say.h"

int main(int argc, char **argv)
{
    int fd = argc == 2 ? open(argv[1], O_RDWR) : -1;
    if (fd < 0)
        return 2;
    char *private_copy = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    char *shared = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (private_copy == MAP_FAILED || shared == MAP_FAILED)
        return 2;
    close(fd);
    private_copy[0] = 1;
    say("ready");
    char line[64];
    while (read(0, line, sizeof line) > 0)
        say("private %d shared %d", private_copy[0], shared[0]);
    return 0;
}
