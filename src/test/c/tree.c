/* A tree of 16 processes, four levels deep: node I (this process is node 1) forks nodes 2I and
 * 2I+1 up to 16. Each node prints "node=I pid=P ppid=Q" once its children are forked. Node 1 then
 * answers every line on stdin with "alive pid=P"; the others wait in pause(). */
#include "say.h"

#define NODES 16

static int node = 1;

int main(void)
{
    for (int child = 2 * node; child <= 2 * node + 1 && child <= NODES; child++) {
        pid_t pid = fork();
        if (pid < 0) {
            say("node=%d failed fork errno=%d", node, errno);
            return 1;
        }
        if (pid == 0) {
            node = child;
            child = 2 * node - 1; /* the loop's increment makes it 2 * node */
        }
    }
    say("node=%d pid=%d ppid=%d", node, getpid(), getppid());
    if (node != 1) {
        for (;;)
            pause();
    }
    char line[64];
    while (read_line(line, sizeof line) > 0)
        say("alive pid=%d", getpid());
    return 0;
}
