/* A TCP server on 127.0.0.1 that takes part in checkpoints: a listening socket cannot be
 * restored, so a thread-context callback closes it before cr_checkpoint() and listens again on
 * the same port after it, on the continue and on the restart path. SO_REUSEADDR lets it bind
 * while connections it served linger in TIME_WAIT.
 *
 * Prints "ready pid=P port=N". Each stdin line "serve" accepts one connection, writes
 * "hello pid=P" to it, closes it and prints "served". Accepting only on request keeps main out of
 * accept() while the callback swaps the socket. The callback prints "closed port=N", then
 * "reopened port=N rc=R" (R: cr_checkpoint's result) or "reopen failed port=N errno=E rc=R".
 * With the argument "without-callback" no callback is registered, to show what happens then. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/socket.h>
#include <libcr.h>
#include "say.h"

static atomic_int listener = -1;
static int port;

/* A socket listening on 127.0.0.1:port_number (0: any free port), or -1 with errno set. */
static int listen_on(int port_number)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int on = 1;
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port_number) };
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd < 0)
        return -1;
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) < 0
        || bind(fd, (struct sockaddr *)&address, sizeof address) < 0 || listen(fd, 8) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

static int swap_listener(void *unused)
{
    (void)unused;
    close(atomic_exchange(&listener, -1));
    say("closed port=%d", port);
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    int fd = listen_on(port);
    if (fd < 0) {
        say("reopen failed port=%d errno=%d rc=%d", port, errno, rc);
        return 0;
    }
    atomic_store(&listener, fd);
    say("reopened port=%d rc=%d", port, rc);
    return 0;
}

static void serve_one(void)
{
    int connection = accept(atomic_load(&listener), NULL, NULL);
    if (connection < 0) {
        say("accept failed errno=%d", errno);
        return;
    }
    char greeting[64];
    int length = snprintf(greeting, sizeof greeting, "hello pid=%d\n", getpid());
    if (write(connection, greeting, length) != length)
        say("write failed errno=%d", errno);
    close(connection);
    say("served");
}

int main(int argc, char **argv)
{
    int with_callback = argc < 2 || strcmp(argv[1], "without-callback") != 0;
    struct sockaddr_in bound;
    socklen_t size = sizeof bound;
    if (cr_init() < 0) {
        say("failed cr_init errno=%d", errno);
        return 1;
    }
    int fd = listen_on(0);
    if (fd < 0 || getsockname(fd, (struct sockaddr *)&bound, &size) < 0) {
        say("failed listen errno=%d", errno);
        return 1;
    }
    port = ntohs(bound.sin_port);
    atomic_store(&listener, fd);
    if (with_callback && cr_register_callback(swap_listener, NULL, CR_THREAD_CONTEXT) < 0) {
        say("failed cr_register_callback errno=%d", errno);
        return 1;
    }
    say("ready pid=%d port=%d", getpid(), port);
    char line[64];
    while (read_line(line, sizeof line) > 0)
        if (strcmp(line, "serve") == 0)
            serve_one();
    return 0;
}
