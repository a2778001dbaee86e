/* The parts of libcr.h that need no round: argument defaults, error texts, spinlocks. */
#include "libcr_internal.h"

#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <string.h>

int cri_init_checkpoint_args_t(cr_version_t version, cr_checkpoint_args_t *args)
{
    if (version != CR_CHECKPOINT_ARGS_VERSION || args == NULL) {
        errno = EINVAL;
        return -1;
    }
    /* Scope and descriptor stay invalid until the caller chooses them. */
    *args = (cr_checkpoint_args_t){
        .cr_version = version,
        .cr_scope = (cr_scope_t)-1,
        .cr_target = 0,
        .cr_fd = -1,
        .cr_signal = 0,
        .cr_timeout = 0,
        .cr_flags = 0,
    };
    return 0;
}

int cri_init_restart_args_t(cr_version_t version, cr_restart_args_t *args)
{
    if (version != CR_RESTART_ARGS_VERSION || args == NULL) {
        errno = EINVAL;
        return -1;
    }
    *args = (cr_restart_args_t){
        .cr_version = version,
        .cr_fd = -1,
        .cr_signal = 0,
        .cr_flags = CR_RSTRT_RESTORE_PID,
        .cr_relocate = NULL,
    };
    return 0;
}

static const char *const error_texts[] = {
    [CR_ETEMPFAIL - CR_ETEMPFAIL] = "Temporary error: checkpoint cancelled",
    [CR_EPERMFAIL - CR_ETEMPFAIL] = "Permanent failure: checkpoint cancelled and job killed",
    [CR_ENOSUPPORT - CR_ETEMPFAIL] = "Checkpoint support not linked into one or more processes",
    [CR_EVERSION - CR_ETEMPFAIL] = "Requested kernel interface version is not supported",
    [CR_EOMITTED - CR_ETEMPFAIL] = "Process omitted from checkpoint at a callback's request",
    [CR_EBADARCH - CR_ETEMPFAIL] = "Context file does not match the kernel architecture",
    [CR_EPTRACED - CR_ETEMPFAIL] = "One or more target processes is being ptraced",
    [CR_EPTRACER - CR_ETEMPFAIL] = "One or more target processes has ptrace children",
    [CR_ERSTRTABRT - CR_ETEMPFAIL] = "Restart aborted: restart cancelled and job killed",
    [CR_ERESTARTED - CR_ETEMPFAIL] = "Request is invalid across a restart",
    [CR_ENOTCB - CR_ETEMPFAIL] = "Call is only valid from a checkpoint callback",
    [CR_ENOINIT - CR_ETEMPFAIL] = "Calling thread has not called cr_init()",
};

const char *cr_strerror(int errnum)
{
    if (errnum >= CR_ETEMPFAIL && errnum <= CR_ENOINIT)
        return error_texts[errnum - CR_ETEMPFAIL];
    return strerror(errnum);
}

void cr_spinlock_init(cr_spinlock_t *lock)
{
    __atomic_store_n(lock, 0U, __ATOMIC_RELEASE);
}

int cr_spinlock_trylock(cr_spinlock_t *lock)
{
    return __atomic_exchange_n(lock, 1U, __ATOMIC_ACQUIRE) == 0U;
}

void cr_spinlock_lock(cr_spinlock_t *lock)
{
    /* Yield rather than spin hard: the holder may be waiting for this CPU. */
    while (!cr_spinlock_trylock(lock))
        while (__atomic_load_n(lock, __ATOMIC_RELAXED) != 0U)
            sched_yield();
}

void cr_spinlock_unlock(cr_spinlock_t *lock)
{
    __atomic_store_n(lock, 0U, __ATOMIC_RELEASE);
}
