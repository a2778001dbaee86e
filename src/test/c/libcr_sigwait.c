/* A second thread calls cr_init(), blocks every signal and waits in sigwait() for SIGUSR1, which
 * never comes; the main thread's signal-context callback prints "signal rc=R". Prints
 * "ready pid=P" once the second thread has blocked its signals; waits for end of input. */
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <libcr.h>
#include "say.h"

static sem_t blocked;

static void *waiter(void *unused)
{
    (void)unused;
    if (cr_init() < 0)
        say("failed waiter cr_init errno=%d", errno);
    sigset_t all, usr1;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, NULL);
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sem_post(&blocked);
    int received;
    sigwait(&usr1, &received);
    return NULL;
}

static int report(void *unused)
{
    (void)unused;
    say("signal rc=%d", cr_checkpoint(CR_CHECKPOINT_READY));
    return 0;
}

int main(void)
{
    if (cr_init() < 0 || cr_register_callback(report, NULL, CR_SIGNAL_CONTEXT) < 0) {
        say("failed libcr errno=%d", errno);
        return 1;
    }
    sem_init(&blocked, 0, 0);
    pthread_t thread;
    if (pthread_create(&thread, NULL, waiter, NULL) != 0) {
        say("failed pthread_create");
        return 1;
    }
    while (sem_wait(&blocked) != 0)
        ;
    return ready_until_end();
}
