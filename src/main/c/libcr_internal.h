/* What the parts of libcr share. Only libcr.h's functions leave the library: it is built with
 * -fvisibility=hidden and the pragma below makes exactly that header's declarations visible. */
#ifndef CR4J_LIBCR_INTERNAL_H
#define CR4J_LIBCR_INTERNAL_H

#define _GNU_SOURCE
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <pthread.h>
#include <signal.h>

#pragma GCC visibility push(default)
#include "libcr.h"
#pragma GCC visibility pop

/* One callback registration; func NULL means disabled by cr_replace_*. */
struct cri_callback {
    cr_callback_t func;
    void *arg;
    int flags;
};

struct cri_callback_list {
    struct cri_callback *entries;
    int count;
    int capacity;
};

/* A thread's walk through one group of callbacks, nested through cr_checkpoint(). */
struct cri_frame {
    struct cri_callback_list *list;
    int context;  /* CR_THREAD_CONTEXT or CR_SIGNAL_CONTEXT */
    uint32_t round;
    int next;     /* index of the next callback to run; they run from the last down */
    int current;  /* index of the callback now running */
    int reached;  /* the innermost cr_checkpoint() has been done; result is known */
    int result;
};

struct cri_thread {
    pid_t tid;
    int slot;        /* index in the thread table; -1 for the coordinator */
    int clients;     /* cr_init() calls so far: client ids are 0 .. clients-1 */
    int cs_depth;
    int persist;
    int hold;        /* this thread's cr_hold_ctrl, CR_HOLD_DFLT defers to the INIT scope */
    struct cri_callback_list signal_callbacks;
    struct cri_frame *frame;   /* non-NULL while this thread runs callbacks */
};

/* The calling thread's state, NULL before cr_init(). Initial-exec so that the signal handler
 * reads it without a call into the dynamic loader. */
extern __thread struct cri_thread *cri_self __attribute__((tls_model("initial-exec")));

/* Critical-section word: request state, count of our own pending self-requests, holders. */
#define CRI_STATE_MASK 0x3u
#define CRI_SELF_ONE 0x4u
#define CRI_SELF_MASK 0xFFCu
#define CRI_HOLDER_ONE 0x1000u
#define CRI_HOLDER_SHIFT 12
extern _Atomic uint32_t cri_cs_word;
/* Bumped by anyone who wants the coordinator to look again (votes, cs leave, thread done). */
extern _Atomic uint32_t cri_coordinator_wake;

long cri_futex_wait(_Atomic uint32_t *word, uint32_t expected, const struct timespec *relative);
void cri_futex_wake(_Atomic uint32_t *word);
void cri_wake_coordinator(void);
void cri_cs_wake_all(void);

void cri_set_state(uint32_t state);
int cri_in_callback(void);

/* Thread table and coordinator (libcr_core.c). */
#define CRI_MAX_THREADS 1024
/* A slot's state is round << 2 | CRI_SLOT_*: the round its thread was last signalled in, and
 * whether its handler has taken that round up or the coordinator has taken it back. */
enum { CRI_SLOT_SIGNALLED = 1, CRI_SLOT_RUNNING = 2, CRI_SLOT_REVOKED = 3 };
#define CRI_SLOT_STATE(round, how) ((uint32_t)(round) << 2 | (how))
struct cri_slot {
    _Atomic pid_t tid;
    _Atomic uint32_t state;
    _Atomic uint32_t voted_round;
    _Atomic uint32_t done_round;
};
extern struct cri_slot cri_threads[CRI_MAX_THREADS];
extern struct cri_callback_list cri_thread_callbacks;
extern pthread_mutex_t cri_thread_callbacks_lock;
extern _Atomic(cr_hook_fn_t) cri_hooks[CR_NUM_HOOKS];
extern _Atomic int cri_hold_init;
pid_t cri_gettid(void);
int cri_thread_alive(pid_t tid);

/* One round of the protocol (libcr_round.c). */
void cri_serve(pid_t sender, uint64_t nonce);
void cri_signal_handler(int sig, siginfo_t *info, void *context);
void cri_install_handler(struct sigaction *previous);
void cri_round_reset_after_fork(void);

/* Own requests (libcr_request.c). */
void cri_requests_round_started(pid_t requester);
void cri_requests_round_ended(int restarted, int cancel_code);
void cri_poll_self_requests(void);
void cri_requests_reset_after_fork(void);

#endif
