/* One checkpoint round as seen from inside the process (doc/libcr-protocol.md): the coordinator
 * talks to the checkpointer, runs the thread-context callbacks, signals the threads that run
 * their signal-context callbacks, collects their votes and hands back the verdict. Everything a
 * signal handler touches is an atomic or a raw futex. */
#include "libcr_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#define MESSAGE_MAGIC 0x4A345243u
#define MESSAGE_VERSION 1
#define MESSAGE_PATH_MAX 4096
#define REQUEST_TIMEOUT_SECONDS 10
#define SIGNAL_ATTEMPTS 10

enum message_type {
    MESSAGE_REQUEST = 1,
    MESSAGE_READY = 2,
    MESSAGE_OMIT = 3,
    MESSAGE_TEMP_FAILURE = 4,
    MESSAGE_PERM_FAILURE = 5,
    MESSAGE_FORWARD = 6,
    MESSAGE_FORWARD_REPLY = 7,
    MESSAGE_CONTINUE = 10,
    MESSAGE_RESTARTED = 11,
    MESSAGE_CANCELLED = 12,
    MESSAGE_OMITTED = 13,
};

struct message_header {
    uint32_t magic;
    uint16_t version;
    uint16_t type;
    int32_t a, b, c, d;
};

struct message {
    struct message_header header;
    char path[MESSAGE_PATH_MAX + 1];
};
/* The most a datagram may fill: the struct's padding must not let a path reach past its end. */
#define MESSAGE_MAX (sizeof(struct message_header) + MESSAGE_PATH_MAX)

/* Votes ordered by strength, kept as rank << 16 | user code so one CAS keeps the strongest. */
enum { RANK_READY, RANK_OMIT, RANK_TEMP, RANK_PERM };

static _Atomic uint32_t round_id;
static _Atomic uint32_t vote_word;
static _Atomic uint32_t verdict_round;  /* equals the round once its verdict is published */
static _Atomic uint32_t barrier_round;  /* equals the round once every thread has finished */
static _Atomic uint32_t channel_lock;   /* one reader of the channel at a time */
static int verdict_value;
static int verdict_restarted;
static int verdict_cancel_code;  /* the code of a CANCELLED verdict, else 0 */
static int channel = -1;

static char destination[MESSAGE_PATH_MAX + 1];
static char source[MESSAGE_PATH_MAX + 1];
static struct cr_checkpoint_info checkpoint_info = { .dest = destination };
static struct cr_restart_info restart_info = { .src = source };

static void lock_channel(void)
{
    uint32_t unlocked = 0;
    while (!atomic_compare_exchange_strong(&channel_lock, &unlocked, 1)) {
        cri_futex_wait(&channel_lock, 1, NULL);
        unlocked = 0;
    }
}

static void unlock_channel(void)
{
    atomic_store(&channel_lock, 0);
    cri_futex_wake(&channel_lock);
}

static void send_message(int type, int a, int b)
{
    struct message_header header = { MESSAGE_MAGIC, MESSAGE_VERSION, (uint16_t)type, a, b, 0, 0 };
    /* A checkpointer that has gone shows up as end-of-file on the next read. */
    send(channel, &header, sizeof header, MSG_NOSIGNAL);
}

/* Returns the message type, or 0 for end-of-file or anything that is not a message. */
static int parse_message(struct message *message, ssize_t length)
{
    if (length < (ssize_t)sizeof message->header || message->header.magic != MESSAGE_MAGIC
            || message->header.version != MESSAGE_VERSION)
        return 0;
    message->path[length - sizeof message->header] = '\0';
    return message->header.type;
}

static ssize_t read_message(struct message *message)
{
    ssize_t length;
    do
        length = read(channel, message, MESSAGE_MAX);
    while (length < 0 && errno == EINTR);
    return length;
}

static void copy_path(char *to, const char *from)
{
    size_t length = strnlen(from, MESSAGE_PATH_MAX);
    memcpy(to, from, length);
    to[length] = '\0';
}

static int published(uint32_t round)
{
    return atomic_load(&verdict_round) == round;
}

/* Called with the channel locked, so the first verdict read is the one that counts. */
static void publish(uint32_t round, struct message *message, int type)
{
    if (published(round))
        return;
    /* cr_checkpoint() > 0 is what says "restarted": without a pid to return it is a failure. */
    if (type == MESSAGE_RESTARTED && message->header.a <= 0)
        type = MESSAGE_CANCELLED;
    verdict_restarted = 0;
    verdict_cancel_code = 0;
    switch (type) {
    case MESSAGE_CONTINUE:
        verdict_value = 0;
        break;
    case MESSAGE_RESTARTED:
        verdict_restarted = 1;
        verdict_value = message->header.a;
        restart_info.requester = message->header.a;
        copy_path(source, message->path);
        break;
    case MESSAGE_CANCELLED:
        verdict_cancel_code = message->header.a > 0 ? message->header.a : CR_ETEMPFAIL;
        verdict_value = -verdict_cancel_code;
        break;
    case MESSAGE_OMITTED:
        verdict_value = -CR_EOMITTED;
        break;
    default:
        verdict_value = -CR_ETEMPFAIL;
    }
    atomic_store(&verdict_round, round);
    cri_futex_wake(&verdict_round);
}

/* The checkpointer may give up (time limit, hang-up) while callbacks still run. */
static int check_channel(uint32_t round)
{
    lock_channel();
    struct pollfd ready = { channel, POLLIN | POLLRDHUP, 0 };
    if (!published(round) && poll(&ready, 1, 0) > 0) {
        struct message message;
        ssize_t length = recv(channel, &message, MESSAGE_MAX, MSG_DONTWAIT);
        if (length >= 0)
            publish(round, &message, parse_message(&message, length));
    }
    unlock_channel();
    return published(round);
}

static void read_verdict(uint32_t round)
{
    struct message message;
    int type;
    do
        type = parse_message(&message, read_message(&message));
    while (type == MESSAGE_FORWARD_REPLY);
    lock_channel();
    publish(round, &message, type);
    unlock_channel();
}

static uint32_t vote_of(int flags)
{
    uint32_t code = ((uint32_t)flags >> 16) & 0xFFFF;
    switch (flags & 0xFFFF) {
    case CR_CHECKPOINT_TEMP_FAILURE:
        return RANK_TEMP << 16 | code;
    case CR_CHECKPOINT_PERM_FAILURE:
        return RANK_PERM << 16 | code;
    case CR_CHECKPOINT_OMIT:
        return RANK_OMIT << 16;
    }
    return RANK_READY << 16;
}

static void cast_vote(int flags)
{
    uint32_t vote = vote_of(flags);
    uint32_t strongest = atomic_load(&vote_word);
    while ((strongest >> 16) < (vote >> 16) && !atomic_compare_exchange_weak(&vote_word, &strongest, vote))
        ;
}

static void send_vote(void)
{
    uint32_t vote = atomic_load(&vote_word);
    int code = vote & 0xFFFF;
    switch (vote >> 16) {
    case RANK_PERM:
        send_message(MESSAGE_PERM_FAILURE, code, 0);
        break;
    case RANK_TEMP:
        send_message(MESSAGE_TEMP_FAILURE, code, 0);
        break;
    case RANK_OMIT:
        send_message(MESSAGE_OMIT, 0, 0);
        break;
    default:
        send_message(MESSAGE_READY, channel, 0);
    }
}

/* What cr_checkpoint() returns to a thread that voted: its own failure, or the verdict. */
static int result_for(int flags)
{
    int code = ((unsigned int)flags >> 16) & 0xFFFF;
    switch (flags & 0xFFFF) {
    case CR_CHECKPOINT_TEMP_FAILURE:
        return -(code ? code : CR_ETEMPFAIL);
    case CR_CHECKPOINT_PERM_FAILURE:
        return -(code ? code : CR_EPERMFAIL);
    case CR_CHECKPOINT_OMIT:
        return -CR_EOMITTED;
    }
    return verdict_value;
}

/* A thread that blocks CR_SIGNUM (one that waits in sigwait(), say) would never run its
 * callbacks: it is left out of the round, as if it had not called cr_init(). */
static int blocks_cr_signal(pid_t tid)
{
    char path[64], status[4096];
    snprintf(path, sizeof path, "/proc/self/task/%d/status", (int)tid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t length = read(fd, status, sizeof status - 1);
    close(fd);
    if (length <= 0)
        return 0;
    status[length] = '\0';
    const char *field = strstr(status, "\nSigBlk:");
    unsigned long long blocked;
    return field != NULL && sscanf(field + strlen("\nSigBlk:"), "%llx", &blocked) == 1
        && (blocked >> (CR_SIGNUM - 1) & 1);
}

/* The application may have taken CR_SIGNUM for itself (signal(CR_SIGNUM, ...), SIG_IGN or
 * SIG_DFL), as BLCR allowed: libcr's handler is put back for the round and the application's
 * after it. In between, the application's own CR_SIGNUM reaches libcr's handler instead. */
static struct sigaction application_action;
static int application_action_saved;

static void take_cr_signal(void)
{
    struct sigaction current;
    if (sigaction(CR_SIGNUM, NULL, &current) != 0
            || ((current.sa_flags & SA_SIGINFO) && current.sa_sigaction == cri_signal_handler))
        return;
    cri_install_handler(&application_action);
    application_action_saved = 1;
}

static void give_back_cr_signal(void)
{
    if (application_action_saved)
        sigaction(CR_SIGNUM, &application_action, NULL);
    application_action_saved = 0;
}

/* The queue of real-time signals may be full for a moment (EAGAIN); after that the thread is
 * left out rather than waited for. */
static int send_cr_signal(pid_t pid, pid_t tid)
{
    for (int attempt = 1;; attempt++) {
        if (syscall(SYS_tgkill, pid, tid, CR_SIGNUM) == 0)
            return 0;
        if (errno != EAGAIN || attempt == SIGNAL_ATTEMPTS)
            return -1;
        struct timespec pause = { 0, 1000 * 1000 };
        nanosleep(&pause, NULL);
    }
}

static void signal_threads(uint32_t round)
{
    take_cr_signal();
    pid_t pid = getpid();
    for (int i = 0; i < CRI_MAX_THREADS; i++) {
        pid_t tid = atomic_load(&cri_threads[i].tid);
        if (tid == 0 || blocks_cr_signal(tid))
            continue;
        uint32_t signalled = CRI_SLOT_STATE(round, CRI_SLOT_SIGNALLED);
        atomic_store(&cri_threads[i].state, signalled);
        if (send_cr_signal(pid, tid) == 0)
            continue;
        int gone = errno == ESRCH;
        /* Not signalled; unless a signal left pending from an earlier round has started it. */
        atomic_compare_exchange_strong(&cri_threads[i].state, &signalled, CRI_SLOT_STATE(round, CRI_SLOT_REVOKED));
        if (gone)
            atomic_compare_exchange_strong(&cri_threads[i].tid, &tid, 0);
    }
}

/* A thread signalled this round, not revoked, that has not reached the mark (voted, done) and
 * still exists. */
static int outstanding(struct cri_slot *slot, _Atomic uint32_t *mark, uint32_t round)
{
    uint32_t state = atomic_load(&slot->state);
    if ((state != CRI_SLOT_STATE(round, CRI_SLOT_SIGNALLED) && state != CRI_SLOT_STATE(round, CRI_SLOT_RUNNING))
            || atomic_load(mark) == round)
        return 0;
    pid_t tid = atomic_load(&slot->tid);
    return tid != 0 && cri_thread_alive(tid);
}

static int all_voted(uint32_t round)
{
    for (int i = 0; i < CRI_MAX_THREADS; i++)
        if (outstanding(&cri_threads[i], &cri_threads[i].voted_round, round))
            return 0;
    return 1;
}

static int all_done(uint32_t round)
{
    for (int i = 0; i < CRI_MAX_THREADS; i++)
        if (outstanding(&cri_threads[i], &cri_threads[i].done_round, round))
            return 0;
    return 1;
}

static void coordinator_pause(uint32_t seen)
{
    struct timespec pause = { 0, 20 * 1000 * 1000 };
    cri_futex_wait(&cri_coordinator_wake, seen, &pause);
}

/* Returns when every signalled thread has voted, or the checkpointer has given up on them. */
static void await_votes(uint32_t round)
{
    for (;;) {
        uint32_t seen = atomic_load(&cri_coordinator_wake);
        if (all_voted(round) || check_channel(round))
            return;
        coordinator_pause(seen);
    }
}

/* With the verdict out, a thread whose handler has not started yet (it blocked CR_SIGNUM after
 * it was signalled) is not waited for: its handler, when it comes, finds the round taken back. */
static void revoke_unstarted(uint32_t round)
{
    for (int i = 0; i < CRI_MAX_THREADS; i++) {
        uint32_t signalled = CRI_SLOT_STATE(round, CRI_SLOT_SIGNALLED);
        atomic_compare_exchange_strong(&cri_threads[i].state, &signalled, CRI_SLOT_STATE(round, CRI_SLOT_REVOKED));
    }
}

static void await_finished(uint32_t round)
{
    revoke_unstarted(round);
    for (;;) {
        uint32_t seen = atomic_load(&cri_coordinator_wake);
        if (all_done(round))
            return;
        coordinator_pause(seen);
    }
}

/* The innermost cr_checkpoint() of the thread-context group, or the whole round for a process
 * without thread-context callbacks. */
static int coordinator_checkpoint(uint32_t round, int flags)
{
    cast_vote(flags);
    if (flags == CR_CHECKPOINT_READY && !check_channel(round))
        signal_threads(round);
    await_votes(round);
    if (!published(round)) {
        send_vote();
        read_verdict(round);
    }
    return result_for(flags);
}

static int signal_thread_checkpoint(struct cri_thread *self, uint32_t round, int flags)
{
    cast_vote(flags);
    atomic_store(&cri_threads[self->slot].voted_round, round);
    cri_wake_coordinator();
    uint32_t seen;
    while ((seen = atomic_load(&verdict_round)) != round)
        cri_futex_wait(&verdict_round, seen, NULL);
    return result_for(flags);
}

static void finish_group(struct cri_frame *frame, int flags)
{
    frame->reached = 1;
    frame->result = frame->context == CR_THREAD_CONTEXT ? coordinator_checkpoint(frame->round, flags)
                                                        : signal_thread_checkpoint(cri_self, frame->round, flags);
}

/* Last registered first; a callback that returns without calling cr_checkpoint() lets the
 * next one run, one that calls it runs the rest from inside that call. */
static int run_group(struct cri_frame *frame)
{
    while (!frame->reached && frame->next >= 0) {
        int index = frame->next--;
        struct cri_callback callback = frame->list->entries[index];
        if (callback.func == NULL)
            continue;
        frame->current = index;
        callback.func(callback.arg);
    }
    if (!frame->reached)
        finish_group(frame, CR_CHECKPOINT_READY);
    return frame->result;
}

static int valid_vote(int flags)
{
    switch (flags & 0xFFFF) {
    case CR_CHECKPOINT_READY:
    case CR_CHECKPOINT_OMIT:
        return (flags >> 16) == 0;
    case CR_CHECKPOINT_TEMP_FAILURE:
    case CR_CHECKPOINT_PERM_FAILURE:
        return 1;
    }
    return 0;
}

/* A checkpointer that gave up (time limit) while callbacks ran: the rest of them need not run. */
static int verdict_in(struct cri_frame *frame)
{
    if (frame->context == CR_THREAD_CONTEXT)
        return check_channel(frame->round);
    return published(frame->round);
}

int cr_checkpoint(int flags)
{
    struct cri_thread *self = cri_self;
    struct cri_frame *frame = self != NULL ? self->frame : NULL;
    if (frame == NULL)
        return -CR_ENOTCB;
    if (frame->reached)
        return frame->result;
    if (!valid_vote(flags))
        return -EINVAL;
    if (flags != CR_CHECKPOINT_READY || verdict_in(frame)) {
        frame->next = -1;
        finish_group(frame, flags);
        return frame->result;
    }
    int caller = frame->current;
    int result = run_group(frame);
    frame->current = caller;
    return result;
}

static int restarted_in(uint32_t round)
{
    return published(round) && verdict_restarted;
}

static void run_hook(cr_hook_event_t event)
{
    cr_hook_fn_t hook = atomic_load(&cri_hooks[event]);
    if (hook != NULL && hook != CR_HOOK_FN_ERROR)
        hook(event);
}

static int held(struct cri_thread *self, int restarted)
{
    int hold = self->hold == CR_HOLD_DFLT ? atomic_load(&cri_hold_init) : self->hold;
    return hold & (restarted ? CR_HOLD_RSTRT : CR_HOLD_CONT);
}

static void run_signal_callbacks(struct cri_thread *self, uint32_t round)
{
    struct cri_callback_list *list = &self->signal_callbacks;
    struct cri_frame frame = { .list = list, .context = CR_SIGNAL_CONTEXT, .round = round, .next = list->count - 1,
                              .current = -1 };
    self->frame = &frame;
    run_group(&frame);
    self->frame = NULL;
    int restarted = restarted_in(round);
    run_hook(restarted ? CR_HOOK_RSTRT_SIGNAL_CONTEXT : CR_HOOK_CONT_SIGNAL_CONTEXT);
    atomic_store(&cri_threads[self->slot].done_round, round);
    cri_wake_coordinator();
    uint32_t seen;
    while (held(self, restarted) && (seen = atomic_load(&barrier_round)) != round)
        cri_futex_wait(&barrier_round, seen, NULL);
}

/* The coordinator may take a round back at any time before the handler claims it. */
static int claim_round(struct cri_slot *slot, uint32_t *round)
{
    uint32_t state = atomic_load(&slot->state);
    if ((state & 3) != CRI_SLOT_SIGNALLED)
        return 0;
    *round = state >> 2;
    return atomic_compare_exchange_strong(&slot->state, &state, CRI_SLOT_STATE(*round, CRI_SLOT_RUNNING));
}

/* Threads that never called cr_init() take no part in a round, but BLCR runs the
 * CR_HOOK_*_NO_CALLBACKS hook once in each of them when the checkpoint is over: the coordinator
 * signals them then, and the handler of such a thread runs the hook of that round once. */
static _Atomic uint32_t no_callbacks_round;
static _Atomic int no_callbacks_event;
static _Atomic uint32_t no_callbacks_ran;
/* How long the round waits for those hooks: a thread may block the signal after it was sent. */
#define NO_CALLBACKS_PAUSES 50
static __thread uint32_t no_callbacks_done __attribute__((tls_model("initial-exec")));

static int is_initialised(pid_t tid)
{
    for (int i = 0; i < CRI_MAX_THREADS; i++)
        if (atomic_load(&cri_threads[i].tid) == tid)
            return 1;
    return 0;
}

static void run_no_callbacks_hook(uint32_t round)
{
    cr_hook_event_t event = restarted_in(round) ? CR_HOOK_RSTRT_NO_CALLBACKS : CR_HOOK_CONT_NO_CALLBACKS;
    cr_hook_fn_t hook = atomic_load(&cri_hooks[event]);
    if (hook == NULL || hook == CR_HOOK_FN_ERROR)
        return;
    atomic_store(&no_callbacks_event, (int)event);
    atomic_store(&no_callbacks_ran, 0);
    atomic_store(&no_callbacks_round, round);
    DIR *tasks = opendir("/proc/self/task");
    if (tasks == NULL)
        return;
    pid_t pid = getpid(), coordinator = cri_gettid();
    uint32_t signalled = 0;
    struct dirent *entry;
    while ((entry = readdir(tasks)) != NULL) {
        pid_t tid = (pid_t)atoi(entry->d_name);
        if (tid > 0 && tid != coordinator && !is_initialised(tid) && !blocks_cr_signal(tid)
                && send_cr_signal(pid, tid) == 0)
            signalled++;
    }
    closedir(tasks);
    /* The round ends once the hooks have run, so that the checkpointer returns after them. */
    for (int i = 0; i < NO_CALLBACKS_PAUSES; i++) {
        uint32_t seen = atomic_load(&cri_coordinator_wake);
        if (atomic_load(&no_callbacks_ran) >= signalled)
            return;
        coordinator_pause(seen);
    }
}

static void handle_uninitialised(void)
{
    uint32_t round = atomic_load(&no_callbacks_round);
    if (round == 0 || no_callbacks_done == round)
        return;
    no_callbacks_done = round;
    int saved_errno = errno;
    run_hook((cr_hook_event_t)atomic_load(&no_callbacks_event));
    atomic_fetch_add(&no_callbacks_ran, 1);
    cri_wake_coordinator();
    errno = saved_errno;
}

void cri_signal_handler(int sig, siginfo_t *info, void *context)
{
    (void)sig;
    (void)context;
    struct cri_thread *self = cri_self;
    uint32_t round;
    if (info->si_code != SI_TKILL || info->si_pid != getpid())
        return;
    if (self == NULL) {
        handle_uninitialised();
        return;
    }
    if (self->slot < 0 || self->frame != NULL || !claim_round(&cri_threads[self->slot], &round))
        return;
    int saved_errno = errno;
    run_signal_callbacks(self, round);
    errno = saved_errno;
}

static void run_thread_callbacks(uint32_t round)
{
    struct cri_thread *self = cri_self;
    pthread_mutex_lock(&cri_thread_callbacks_lock);
    int count = cri_thread_callbacks.count;
    if (count == 0) {
        pthread_mutex_unlock(&cri_thread_callbacks_lock);
        coordinator_checkpoint(round, CR_CHECKPOINT_READY);
        return;
    }
    struct cri_frame frame = { .list = &cri_thread_callbacks, .context = CR_THREAD_CONTEXT, .round = round,
                              .next = count - 1, .current = -1 };
    self->frame = &frame;
    run_group(&frame);
    self->frame = NULL;
    pthread_mutex_unlock(&cri_thread_callbacks_lock);
    run_hook(restarted_in(round) ? CR_HOOK_RSTRT_THREAD_CONTEXT : CR_HOOK_CONT_THREAD_CONTEXT);
}

/* PENDING until no thread holds a critical section; gives up if the checkpointer does. */
static int become_active(uint32_t round)
{
    for (;;) {
        uint32_t seen = atomic_load(&cri_coordinator_wake);
        uint32_t word = atomic_load(&cri_cs_word);
        if ((word >> CRI_HOLDER_SHIFT) == 0) {
            uint32_t active = (word & ~CRI_STATE_MASK) | CR_STATE_ACTIVE;
            if (atomic_compare_exchange_strong(&cri_cs_word, &word, active))
                return 0;
            continue;
        }
        if (check_channel(round))
            return -1;
        coordinator_pause(seen);
    }
}

static void end_round(uint32_t round)
{
    cri_requests_round_ended(restarted_in(round), published(round) ? verdict_cancel_code : 0);
    cri_set_state(CR_STATE_IDLE);
    cri_cs_wake_all();
}

static void run_round(void)
{
    uint32_t round = atomic_fetch_add(&round_id, 1) + 1;
    atomic_store(&vote_word, 0);
    cri_requests_round_started(checkpoint_info.requester);
    cri_set_state(CR_STATE_PENDING);
    if (become_active(round) == 0) {
        run_thread_callbacks(round);
        await_finished(round);
        if (published(round))
            run_no_callbacks_hook(round);
        give_back_cr_signal();
        atomic_store(&barrier_round, round);
        cri_futex_wake(&barrier_round);
    }
    end_round(round);
}

/* The sender's pid comes from the SI_QUEUE siginfo, which its sender fills in as it likes. The
 * check still holds: SO_PEERCRED is the kernel's word for who holds the other end, so a claim to
 * be another process fails here, and a true claim must come from root or one of our uids. */
static int peer_is_sender(int fd, pid_t sender)
{
    struct ucred peer;
    socklen_t length = sizeof peer;
    uid_t real, effective, saved;
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &length) != 0 || getresuid(&real, &effective, &saved) != 0)
        return 0;
    return peer.pid == sender
        && (peer.uid == 0 || peer.uid == real || peer.uid == effective || peer.uid == saved);
}

static int connect_checkpointer(pid_t sender, uint64_t nonce)
{
    struct sockaddr_un address;
    memset(&address, 0, sizeof address);
    address.sun_family = AF_UNIX;
    int length = snprintf(address.sun_path + 1, sizeof address.sun_path - 1, "cr4j-checkpoint-%d-%016llx",
                          (int)sender, (unsigned long long)nonce);
    socklen_t size = offsetof(struct sockaddr_un, sun_path) + 1 + length;
    int fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (connect(fd, (struct sockaddr *)&address, size) != 0 || !peer_is_sender(fd, sender)) {
        close(fd);
        return -1;
    }
    return fd;
}

static void set_receive_timeout(time_t seconds)
{
    struct timeval timeout = { seconds, 0 };
    setsockopt(channel, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
}

/* A peer that connects and never asks must not keep us busy; the verdict, though, may take as
 * long as the callbacks and the save do. */
static int read_request(void)
{
    struct message message;
    set_receive_timeout(REQUEST_TIMEOUT_SECONDS);
    int type = parse_message(&message, read_message(&message));
    set_receive_timeout(0);
    if (type != MESSAGE_REQUEST)
        return -1;
    checkpoint_info.requester = message.header.a;
    checkpoint_info.target = message.header.b;
    checkpoint_info.scope = (cr_scope_t)message.header.c;
    checkpoint_info.signal = message.header.d;
    copy_path(destination, message.path);
    return 0;
}

void cri_serve(pid_t sender, uint64_t nonce)
{
    /* The busy name tells a second checkpointer to refuse rather than queue behind us. */
    pthread_setname_np(pthread_self(), "cr4j-libcr*");
    channel = connect_checkpointer(sender, nonce);
    if (channel >= 0 && read_request() == 0)
        run_round();
    /* Idle again before the channel closes: its end tells the checkpointer the round is over, and
     * a checkpoint that follows at once must not find us busy. */
    pthread_setname_np(pthread_self(), "cr4j-libcr");
    if (channel >= 0)
        close(channel);
    channel = -1;
}

void cri_round_reset_after_fork(void)
{
    if (channel >= 0)
        close(channel);
    channel = -1;
    atomic_store(&channel_lock, 0);
    /* A child forked inside a callback has no checkpointer: its round ends here, as if cancelled,
     * so that its cr_checkpoint() returns -CR_ETEMPFAIL and nothing in it waits for the others. */
    uint32_t round = atomic_load(&round_id);
    publish(round, NULL, 0);
    atomic_store(&barrier_round, round);
}

const struct cr_checkpoint_info *cr_get_checkpoint_info(void)
{
    struct cri_thread *self = cri_self;
    if (self == NULL || self->frame == NULL || self->frame->reached)
        return NULL;
    return &checkpoint_info;
}

const struct cr_restart_info *cr_get_restart_info(void)
{
    struct cri_thread *self = cri_self;
    if (self == NULL || self->frame == NULL || !self->frame->reached || self->frame->result <= 0
            || !verdict_restarted)
        return NULL;
    return &restart_info;
}

int cr_replace_self(cr_callback_t func, void *arg, int flags)
{
    struct cri_thread *self = cri_self;
    struct cri_frame *frame = self != NULL ? self->frame : NULL;
    if (frame == NULL || frame->current < 0) {
        errno = CR_ENOTCB;
        return -1;
    }
    if (flags != frame->context) {
        errno = EINVAL;
        return -1;
    }
    /* The running callback was copied out before it was called: this takes effect next time. */
    frame->list->entries[frame->current] = (struct cri_callback){ func, arg, flags };
    return 0;
}

static int forward_reply(uint32_t round)
{
    struct message message;
    int type = parse_message(&message, read_message(&message));
    if (type == MESSAGE_FORWARD_REPLY)
        return message.header.a;
    /* The verdict came first: the round is over for everyone. */
    publish(round, &message, type);
    return CR_ETEMPFAIL;
}

int cr_forward_checkpoint(cr_scope_t scope, pid_t target)
{
    struct cri_thread *self = cri_self;
    if (self == NULL || self->frame == NULL || self->frame->reached) {
        errno = CR_ENOTCB;
        return -1;
    }
    if ((int)scope < CR_SCOPE_PROC || scope > CR_SCOPE_TREE) {
        errno = EINVAL;
        return -1;
    }
    uint32_t round = self->frame->round;
    lock_channel();
    int reply = published(round) ? CR_ETEMPFAIL : 0;
    if (reply == 0) {
        send_message(MESSAGE_FORWARD, scope, target);
        reply = forward_reply(round);
    }
    unlock_channel();
    if (reply != 0) {
        errno = reply;
        return -1;
    }
    return 0;
}
