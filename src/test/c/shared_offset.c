/* A parent and a child writing in turn through one open file description (inherited by fork), so
 * one offset: each line on stdin makes the parent write "parent N" then the child "child N"; the
 * parent prints "wrote N". Were the offset not shared, the child would write over the parent. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include "say.h"

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    int file = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int to_child[2], to_parent[2];
    if (file < 0 || pipe(to_child) || pipe(to_parent))
        return 2;
    char token;
    pid_t child = fork();
    if (child == 0) {
        for (int n = 1; read(to_child[0], &token, 1) == 1; n++) {
            char text[32];
            write(file, text, snprintf(text, sizeof text, "child %d\n", n));
            write(to_parent[1], &token, 1);
        }
        return 0;
    }
    say("child %d", (int)child);
    char line[64];
    for (int n = 1; read(0, line, sizeof line) > 0; n++) {
        char text[32];
        write(file, text, snprintf(text, sizeof text, "parent %d\n", n));
        write(to_child[1], "x", 1);
        read(to_parent[0], &token, 1);
        say("wrote %d", n);
    }
    return 0;
}
