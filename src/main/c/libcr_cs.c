/* Critical sections and cr_status(). One atomic word holds the request state, the number of
 * our own self-requests not yet served, and the number of threads inside a section, so that
 * the coordinator's move to ACTIVE and a thread's outermost enter exclude each other with one
 * compare-and-swap. Signal-safe: atomics and futexes only. */
#include "libcr_internal.h"

#include <errno.h>
#include <limits.h>

/* While our own request waits for its checkpointer, nothing wakes us if that one fails before
 * it reaches us: look at the children now and then. */
#define SELF_REQUEST_POLL_NS (10 * 1000 * 1000)

void cri_set_state(uint32_t state)
{
    uint32_t word = atomic_load(&cri_cs_word);
    while (!atomic_compare_exchange_weak(&cri_cs_word, &word, (word & ~CRI_STATE_MASK) | state))
        ;
}

void cri_cs_wake_all(void)
{
    cri_futex_wake(&cri_cs_word);
}

static int checkpoint_pending(uint32_t word)
{
    return (word & CRI_STATE_MASK) != CR_STATE_IDLE || (word & CRI_SELF_MASK) != 0;
}

static void wait_for_change(uint32_t word)
{
    if ((word & CRI_SELF_MASK) == 0) {
        cri_futex_wait(&cri_cs_word, word, NULL);
        return;
    }
    struct timespec pause = { 0, SELF_REQUEST_POLL_NS };
    cri_futex_wait(&cri_cs_word, word, &pause);
    cri_poll_self_requests();
}

/* 1: inside a callback, where sections are no-ops; 0: a client of this thread; -1: error. */
static int check_client(cr_client_id_t id)
{
    struct cri_thread *self = cri_self;
    if (self == NULL) {
        errno = CR_ENOINIT;
        return -1;
    }
    if (id == CR_ID_CALLBACK && self->frame != NULL)
        return 1;
    if (id < 0 || id >= self->clients) {
        errno = EINVAL;
        return -1;
    }
    return self->frame != NULL;
}

static int enter(cr_client_id_t id, int may_block)
{
    int checked = check_client(id);
    if (checked != 0)
        return checked < 0 ? -1 : 0;
    struct cri_thread *self = cri_self;
    if (self->cs_depth > 0) {
        self->cs_depth++;
        return 0;
    }
    for (;;) {
        uint32_t word = atomic_load(&cri_cs_word);
        if (!checkpoint_pending(word)) {
            if (atomic_compare_exchange_weak(&cri_cs_word, &word, word + CRI_HOLDER_ONE)) {
                self->cs_depth = 1;
                return 0;
            }
            continue;
        }
        if (!may_block)
            return 1;
        wait_for_change(word);
    }
}

int cr_enter_cs(cr_client_id_t id)
{
    return enter(id, 1);
}

int cr_tryenter_cs(cr_client_id_t id)
{
    return enter(id, 0);
}

int cr_leave_cs(cr_client_id_t id)
{
    int checked = check_client(id);
    if (checked != 0)
        return checked < 0 ? -1 : 0;
    struct cri_thread *self = cri_self;
    if (self->cs_depth == 0) {
        errno = EINVAL;
        return -1;
    }
    if (--self->cs_depth > 0)
        return 0;
    uint32_t word = atomic_fetch_sub(&cri_cs_word, CRI_HOLDER_ONE) - CRI_HOLDER_ONE;
    if ((word >> CRI_HOLDER_SHIFT) != 0)
        return 0;
    if ((word & CRI_STATE_MASK) == CR_STATE_PENDING)
        cri_wake_coordinator();
    /* The last holder lets the deferred checkpoint run before it goes on; this thread's own
     * signal-context callbacks run in its handler meanwhile. */
    while (checkpoint_pending(word = atomic_load(&cri_cs_word)))
        wait_for_change(word);
    return 0;
}

int cr_status(void)
{
    if (cri_self == NULL) {
        errno = CR_ENOINIT;
        return -1;
    }
    uint32_t word = atomic_load(&cri_cs_word);
    if ((word & CRI_SELF_MASK) != 0) {
        cri_poll_self_requests();
        word = atomic_load(&cri_cs_word);
    }
    uint32_t state = word & CRI_STATE_MASK;
    if (state == CR_STATE_IDLE && (word & CRI_SELF_MASK) != 0)
        return CR_STATE_PENDING;
    return (int)state;
}
