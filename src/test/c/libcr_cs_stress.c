/* Critical sections under back-to-back checkpoints. main enters and leaves a section in a tight
 * loop and counts its passes; a flag tells whether it is inside. A thread-context and a
 * signal-context callback (the latter in main) each print "TAG inside=I count=N rc=R": the flag
 * and the count when the callback started, and what cr_checkpoint() returned. Prints "ready
 * pid=P" once the loop runs; a reader thread ends the loop at the stdin line "stop" (or end of
 * input), and main then prints "stopped count=N" and exits. The loop also ends after 60 s, so a
 * lost test cannot leave it spinning. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>
#include <libcr.h>
#include "say.h"

static atomic_int inside;
static atomic_long passes;
static atomic_int stop;

static int report(void *tag)
{
    int was_inside = atomic_load(&inside);
    long count = atomic_load(&passes);
    int rc = cr_checkpoint(CR_CHECKPOINT_READY);
    say("%s inside=%d count=%ld rc=%d", (const char *)tag, was_inside, count, rc);
    return 0;
}

static void *await_stop(void *unused)
{
    (void)unused;
    char line[64];
    while (read_line(line, sizeof line) > 0 && strcmp(line, "stop") != 0)
        ;
    atomic_store(&stop, 1);
    return NULL;
}

static int loop(cr_client_id_t id)
{
    time_t limit = time(NULL) + 60;
    while (!atomic_load(&stop) && time(NULL) < limit) {
        if (cr_enter_cs(id) < 0)
            return -1;
        atomic_store(&inside, 1);
        atomic_fetch_add(&passes, 1);
        atomic_store(&inside, 0);
        if (cr_leave_cs(id) < 0)
            return -1;
    }
    return 0;
}

int main(void)
{
    cr_client_id_t id = cr_init();
    if (id < 0 || cr_register_callback(report, "thread", CR_THREAD_CONTEXT) < 0
        || cr_register_callback(report, "signal", CR_SIGNAL_CONTEXT) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    pthread_t reader;
    if (pthread_create(&reader, NULL, await_stop, NULL) != 0) {
        say("failed pthread_create");
        return 1;
    }
    say("ready pid=%d", getpid());
    if (loop(id) < 0) {
        say("failed critical section errno=%d", errno);
        return 1;
    }
    say("stopped count=%ld", atomic_load(&passes));
    return 0;
}
