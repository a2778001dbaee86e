/* A parent and a child talking through the named FIFO PATH: the child writes "aa\nbb\ncc\n...\n"
 * (8 lines of 3 bytes) at once and then waits; on each line on stdin the parent reads 3 bytes
 * with read(2) and prints "got XX". The unread lines stay in the FIFO. */
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "say.h"

int main(int argc, char **argv)
{
    if (argc != 2 || mkfifo(argv[1], 0600))
        return 2;
    pid_t child = fork();
    if (child == 0) {
        int out = open(argv[1], O_WRONLY);
        write(out, "aa\nbb\ncc\ndd\nee\nff\ngg\nhh\n", 24);
        say("written");
        for (;;)
            pause();
    }
    say("child %d", (int)child);
    int in = open(argv[1], O_RDONLY);
    char line[64], text[4] = {0};
    while (read(0, line, sizeof line) > 0) {
        if (read(in, text, 3) != 3)
            break;
        text[2] = 0;
        say("got %s", text);
    }
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    return 0;
}
