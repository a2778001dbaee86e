/* Works in directory DIR: chdir there, opens DIR/input and reads its first 5 bytes. On each line
 * on stdin it reads 5 bytes more and prints "read TEXT cwd CWD". */
#include <fcntl.h>
#include <limits.h>
#include "say.h"

int main(int argc, char **argv)
{
    if (argc != 2 || chdir(argv[1]))
        return 2;
    int input = open("input", O_RDONLY);
    char text[6] = {0};
    if (input < 0 || read(input, text, 5) != 5)
        return 2;
    say("ready %s", text);
    char line[64];
    while (read(0, line, sizeof line) > 0) {
        char cwd[PATH_MAX];
        ssize_t n = read(input, text, 5);
        text[n > 0 ? n : 0] = 0;
        say("read %s cwd %s", text, getcwd(cwd, sizeof cwd));
    }
    return 0;
}
