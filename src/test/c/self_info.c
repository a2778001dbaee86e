/* For every line on stdin prints what the kernel says this process is:
 *   "exe=PATH"                  readlink of /proc/self/exe
 *   "cmdline=ARG0|ARG1|..."     /proc/self/cmdline, arguments joined by '|'
 * Prints "ready" first; end of input exits 0. */
#include <fcntl.h>
#include "say.h"

static void print_exe(void)
{
    char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
    if (length < 0) {
        say("exe-failed errno=%d", errno);
        return;
    }
    path[length] = '\0';
    say("exe=%s", path);
}

static void print_cmdline(void)
{
    char arguments[4096];
    int fd = open("/proc/self/cmdline", O_RDONLY);
    ssize_t length = fd < 0 ? -1 : read(fd, arguments, sizeof arguments - 1);
    if (fd >= 0)
        close(fd);
    if (length <= 0) {
        say("cmdline-failed errno=%d", errno);
        return;
    }
    if (arguments[length - 1] == '\0')
        length--;
    for (ssize_t i = 0; i < length; i++)
        if (arguments[i] == '\0')
            arguments[i] = '|';
    arguments[length] = '\0';
    say("cmdline=%s", arguments);
}

int main(void)
{
    char request[64];
    say("ready");
    while (read_line(request, sizeof request) > 0) {
        print_exe();
        print_cmdline();
    }
    return 0;
}
