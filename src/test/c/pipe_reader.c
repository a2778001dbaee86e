/* Blocks in read(2) on stdin and prints what arrives: "got N: TEXT" per read, "eof" at the end.
 * A failed read prints "read failed errno=E" and exits 1, so an EINTR leaking out of a
 * restored read is visible. */
#include <string.h>
#include "say.h"

int main(void)
{
    char buffer[1024];
    say("ready");
    for (;;) {
        ssize_t got = read(0, buffer, sizeof buffer - 1);
        if (got < 0) {
            say("read failed errno=%d", errno);
            return 1;
        }
        if (got == 0) {
            say("eof");
            return 0;
        }
        while (got > 0 && buffer[got - 1] == '\n')
            got--;
        buffer[got] = '\0';
        say("got %zd: %s", got, buffer);
    }
}
