/* libcr's process-wide set-up: the CR_SIGNUM handler, per-thread state, the thread table, the
 * coordinator thread, and the registrations (callbacks, hooks, hold settings) a round reads. */
#include "libcr_internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int cr_link_me = 0;
const int cri_signum = CR_SIGNUM;

__thread struct cri_thread *cri_self __attribute__((tls_model("initial-exec")));
_Atomic uint32_t cri_cs_word;
_Atomic uint32_t cri_coordinator_wake;
struct cri_slot cri_threads[CRI_MAX_THREADS];
struct cri_callback_list cri_thread_callbacks;
pthread_mutex_t cri_thread_callbacks_lock;
_Atomic(cr_hook_fn_t) cri_hooks[CR_NUM_HOOKS];
_Atomic int cri_hold_init = CR_HOLD_BOTH;

static _Atomic int hold_uninit = CR_HOLD_BOTH;
static _Atomic int coordinator_started;
static struct cri_thread coordinator_self;
static pthread_key_t thread_key;

long cri_futex_wait(_Atomic uint32_t *word, uint32_t expected, const struct timespec *relative)
{
    return syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, expected, relative, NULL, 0);
}

void cri_futex_wake(_Atomic uint32_t *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, NULL, NULL, 0);
}

void cri_wake_coordinator(void)
{
    atomic_fetch_add(&cri_coordinator_wake, 1);
    cri_futex_wake(&cri_coordinator_wake);
}

pid_t cri_gettid(void)
{
    return (pid_t)syscall(SYS_gettid);
}

int cri_thread_alive(pid_t tid)
{
    return syscall(SYS_tgkill, getpid(), tid, 0) == 0 || errno != ESRCH;
}

static void init_callbacks_lock(void)
{
    /* Recursive: a thread-context callback may fork(), and cr_replace_self runs while the
     * coordinator already holds the lock. */
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&cri_thread_callbacks_lock, &attr);
    pthread_mutexattr_destroy(&attr);
}

static void ignore_traced_file(size_t database, void *file)
{
    (void)database;
    (void)file;
}

/* nscd hands out mappings of its database files, which a restarted process cannot get back. */
static void disable_nscd(void)
{
    const char *value = getenv("LIBCR_DISABLE_NSCD");
    if (value == NULL || value[0] == '\0')
        return;
    void (*disable)(void (*)(size_t, void *)) =
        (void (*)(void (*)(size_t, void *)))dlsym(RTLD_DEFAULT, "__nss_disable_nscd");
    if (disable != NULL)
        disable(ignore_traced_file);
}

static void *coordinator_main(void *unused)
{
    (void)unused;
    memset(&coordinator_self, 0, sizeof coordinator_self);
    coordinator_self.tid = cri_gettid();
    coordinator_self.slot = -1;
    coordinator_self.hold = CR_HOLD_DFLT;
    cri_self = &coordinator_self;
    pthread_setname_np(pthread_self(), "cr4j-libcr");
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, CR_SIGNUM);
    for (;;) {
        siginfo_t info;
        if (sigwaitinfo(&wanted, &info) != CR_SIGNUM || info.si_code != SI_QUEUE)
            continue;
        cri_serve(info.si_pid, (uint64_t)(uintptr_t)info.si_value.sival_ptr);
    }
    return NULL;
}

static int start_coordinator(void)
{
    int expected = 0;
    if (!atomic_compare_exchange_strong(&coordinator_started, &expected, 1))
        return 0;
    /* The new thread inherits this mask: it must take CR_SIGNUM only through sigwaitinfo. */
    sigset_t all, previous;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t thread;
    int error = pthread_create(&thread, &attr, coordinator_main, NULL);
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (error != 0) {
        atomic_store(&coordinator_started, 0);
        errno = error;
        return -1;
    }
    return 0;
}

static int claim_slot(pid_t tid)
{
    for (int i = 0; i < CRI_MAX_THREADS; i++) {
        pid_t free_tid = 0;
        if (atomic_load(&cri_threads[i].tid) != 0)
            continue;
        atomic_store(&cri_threads[i].state, 0);
        if (atomic_compare_exchange_strong(&cri_threads[i].tid, &free_tid, tid))
            return i;
    }
    return -1;
}

static void block_cr_signal(sigset_t *previous)
{
    sigset_t own;
    sigemptyset(&own);
    sigaddset(&own, CR_SIGNUM);
    pthread_sigmask(SIG_BLOCK, &own, previous);
}

/* A round may be under way: CR_SIGNUM waits until the coordinator can see the slot and the
 * handler can find the thread's state behind it. */
static struct cri_thread *register_thread(void)
{
    struct cri_thread *self = calloc(1, sizeof *self);
    if (self == NULL)
        return NULL;
    self->tid = cri_gettid();
    self->hold = CR_HOLD_DFLT;
    self->slot = -1;
    sigset_t previous;
    block_cr_signal(&previous);
    cri_self = self;
    self->slot = claim_slot(self->tid);
    if (self->slot >= 0)
        pthread_setspecific(thread_key, self);
    else
        cri_self = NULL;
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    if (self->slot < 0) {
        free(self);
        errno = EAGAIN;
        return NULL;
    }
    return self;
}

cr_client_id_t cr_init(void)
{
    struct cri_thread *self = cri_self;
    if (self == NULL && (self = register_thread()) == NULL)
        return -1;
    if (start_coordinator() != 0)
        return -1;
    return self->clients++;
}

/* A section left held by an exiting thread would hold off every later checkpoint. */
static void drop_sections(struct cri_thread *self)
{
    if (self->cs_depth == 0)
        return;
    self->cs_depth = 0;
    atomic_fetch_sub(&cri_cs_word, CRI_HOLDER_ONE);
    cri_wake_coordinator();
}

static void thread_exit(void *state)
{
    struct cri_thread *self = state;
    if (self->persist > 0) {
        /* Stay for the next round of key destructors, where cr_dec_persist may have run. */
        pthread_setspecific(thread_key, self);
        return;
    }
    block_cr_signal(NULL);
    drop_sections(self);
    if (self->slot >= 0)
        atomic_store(&cri_threads[self->slot].tid, 0);
    cri_wake_coordinator();
    cri_self = NULL;
    free(self->signal_callbacks.entries);
    free(self);
}

/* The child has only the forking thread: it keeps its registrations, and takes part in
 * checkpoints on its own if that thread had called cr_init(). */
static void after_fork_child(void)
{
    struct cri_thread *self = cri_self;
    int initialised = self != NULL && self->slot >= 0;
    for (int i = 0; i < CRI_MAX_THREADS; i++)
        atomic_store(&cri_threads[i].tid, 0);
    init_callbacks_lock();
    cri_round_reset_after_fork();
    cri_requests_reset_after_fork();
    atomic_store(&coordinator_started, 0);
    atomic_store(&cri_coordinator_wake, 0);
    atomic_store(&cri_cs_word, initialised && self->cs_depth > 0 ? CRI_HOLDER_ONE : 0);
    if (!initialised)
        return;
    self->tid = cri_gettid();
    self->slot = 0;
    atomic_store(&cri_threads[0].state, 0);
    atomic_store(&cri_threads[0].tid, self->tid);
    start_coordinator();
}

void cri_install_handler(struct sigaction *previous)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = cri_signal_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigfillset(&action.sa_mask);
    sigaction(CR_SIGNUM, &action, previous);
}

__attribute__((constructor)) static void libcr_load(void)
{
    init_callbacks_lock();
    pthread_key_create(&thread_key, thread_exit);
    pthread_atfork(NULL, NULL, after_fork_child);
    cri_install_handler(NULL);
    disable_nscd();
}

static struct cri_thread *initialised_thread(void)
{
    struct cri_thread *self = cri_self;
    if (self == NULL)
        errno = CR_ENOINIT;
    return self;
}

int cri_in_callback(void)
{
    struct cri_thread *self = cri_self;
    return self != NULL && self->frame != NULL;
}

int cr_inc_persist(void)
{
    struct cri_thread *self = initialised_thread();
    if (self == NULL)
        return -1;
    if (self->persist == INT_MAX) {
        errno = ERANGE;
        return -1;
    }
    return self->persist++;
}

int cr_dec_persist(void)
{
    struct cri_thread *self = initialised_thread();
    if (self == NULL)
        return -1;
    if (self->persist == 0) {
        errno = ERANGE;
        return -1;
    }
    return self->persist--;
}

cr_hook_fn_t cr_register_hook(cr_hook_event_t event, cr_hook_fn_t fn)
{
    if (initialised_thread() == NULL)
        return CR_HOOK_FN_ERROR;
    if ((int)event < 0 || event >= CR_NUM_HOOKS || fn == CR_HOOK_FN_ERROR) {
        errno = EINVAL;
        return CR_HOOK_FN_ERROR;
    }
    return atomic_exchange(&cri_hooks[event], fn);
}

static int exchange_hold(_Atomic int *setting, int flags)
{
    if (flags < CR_HOLD_READ || flags > CR_HOLD_BOTH) {
        errno = EINVAL;
        return -1;
    }
    return flags == CR_HOLD_READ ? atomic_load(setting) : atomic_exchange(setting, flags);
}

int cr_hold_ctrl(int scope, int flags)
{
    struct cri_thread *self = initialised_thread();
    if (self == NULL)
        return -1;
    switch (scope) {
    case CR_HOLD_SCOPE_INIT:
        return exchange_hold(&cri_hold_init, flags);
    case CR_HOLD_SCOPE_UNINIT:
        return exchange_hold(&hold_uninit, flags);
    case CR_HOLD_SCOPE_THREAD:
        if (flags < CR_HOLD_READ || flags > CR_HOLD_DFLT)
            break;
        int previous = self->hold;
        if (flags != CR_HOLD_READ)
            self->hold = flags;
        return previous;
    }
    errno = EINVAL;
    return -1;
}

static int append_callback(struct cri_callback_list *list, cr_callback_t func, void *arg, int flags)
{
    if (list->count >= CR_MAX_CALLBACKS) {
        errno = ENOSPC;
        return -1;
    }
    if (list->count == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 8;
        struct cri_callback *entries = realloc(list->entries, capacity * sizeof *entries);
        if (entries == NULL) {
            errno = ENOMEM;
            return -1;
        }
        list->entries = entries;
        list->capacity = capacity;
    }
    list->entries[list->count] = (struct cri_callback){ func, arg, flags };
    return list->count++;
}

static int replace_entry(struct cri_callback_list *list, int index, cr_callback_t func, void *arg, int flags)
{
    if (index < 0 || index >= list->count) {
        errno = EINVAL;
        return -1;
    }
    list->entries[index] = (struct cri_callback){ func, arg, flags };
    return 0;
}

static int context_of(int flags)
{
    int context = flags & (CR_THREAD_CONTEXT | CR_SIGNAL_CONTEXT);
    if (flags != context || context == (CR_THREAD_CONTEXT | CR_SIGNAL_CONTEXT) || context == 0) {
        errno = EINVAL;
        return -1;
    }
    return context;
}

/* Registrations may not change under a running group: the thread list is held by the
 * coordinator for the whole round, and a signal list is only walked by its own thread's
 * handler, which is held off while it changes. */
static int edit_callbacks(int context, int index, cr_callback_t func, void *arg, int flags)
{
    int result;
    if (context == CR_THREAD_CONTEXT) {
        pthread_mutex_lock(&cri_thread_callbacks_lock);
        result = index < 0 ? append_callback(&cri_thread_callbacks, func, arg, flags)
                           : replace_entry(&cri_thread_callbacks, index, func, arg, flags);
        pthread_mutex_unlock(&cri_thread_callbacks_lock);
        return result;
    }
    sigset_t previous;
    block_cr_signal(&previous);
    struct cri_callback_list *own = &cri_self->signal_callbacks;
    result = index < 0 ? append_callback(own, func, arg, flags) : replace_entry(own, index, func, arg, flags);
    pthread_sigmask(SIG_SETMASK, &previous, NULL);
    return result;
}

static int check_editable(void)
{
    if (initialised_thread() == NULL)
        return -1;
    if (cri_in_callback()) {
        errno = EBUSY;
        return -1;
    }
    return 0;
}

cr_callback_id_t cr_register_callback(cr_callback_t func, void *arg, int flags)
{
    if (check_editable() != 0)
        return -1;
    int context = context_of(flags);
    if (context < 0)
        return -1;
    int index = edit_callbacks(context, -1, func, arg, flags);
    return index < 0 ? -1 : (index | context);
}

int cr_replace_callback(cr_callback_id_t id, cr_callback_t func, void *arg, int flags)
{
    if (check_editable() != 0)
        return -1;
    int context = context_of(flags);
    if (context < 0)
        return -1;
    if (id < 0 || (id & (CR_THREAD_CONTEXT | CR_SIGNAL_CONTEXT)) != context) {
        errno = EINVAL;
        return -1;
    }
    return edit_callbacks(context, id & ~context, func, arg, flags);
}
