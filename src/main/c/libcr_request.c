/* Checkpoint and restart requests made from inside a program: each runs the installed
 * cr_checkpoint or cr_restart as a child. The child gets the destination or source descriptor
 * at a fixed number and its standard error in an unlinked temporary file (the request's log).
 * No pipe, pidfd or socket connects us to it: this process may itself be checkpointed while
 * the request runs, and such descriptors could not be restored. */
#include "libcr_internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_REQUESTS 64
#define CHILD_FD 3
#define LOG_FD_MIN 10
#define KNOWN_CHECKPOINT_FLAGS (CR_CHKPT_PROHIBIT_SELF | CR_CHKPT_PTRACED_ALLOW | CR_CHKPT_PTRACED_SKIP \
                                | CR_CHKPT_PTRACER_SKIP | CR_CHKPT_ASYNC_ERR | CR_CHKPT_DUMP_ALL)
#define KNOWN_RESTART_FLAGS (CR_RSTRT_ASYNC_ERR | CR_RSTRT_RESTORE_PID | CR_RSTRT_RESTORE_PGID \
                             | CR_RSTRT_RESTORE_SID)
/* The tools' exit code for CR_ETEMPFAIL; the later CR_E* codes follow it. */
#define EXIT_TEMPFAIL 50
#define MAX_ARGS (16 + 2 * CR_MAX_RSTRT_RELOC)
/* cr4j-parent's last line in the log when the environment asks for it, with its exit status. */
#define REPORT_STATUS "CR4J_REPORT_STATUS=1"
#define EXIT_LINE "cr4j-exit "

enum request_kind { REQUEST_FREE, REQUEST_CHECKPOINT, REQUEST_RESTART };

struct request {
    _Atomic int kind;
    _Atomic pid_t child;
    int log;
    int includes_self;
    _Atomic int counted;      /* counted in cri_cs_word as a pending request that includes us */
    _Atomic int restarted;    /* this process has been restarted since the request */
    _Atomic int cancel_code;  /* the code of a CANCELLED verdict this request's round gave us */
    int in_round;             /* the round now running is this request's */
    int exit_line_taken;      /* the log's last line has been looked at, once the child ended */
    int reported_exit;        /* the status cr4j-parent reported there, or -1 */
};

static struct request requests[MAX_REQUESTS];

static struct request *claim_request(int kind)
{
    for (int i = 0; i < MAX_REQUESTS; i++) {
        int free_kind = REQUEST_FREE;
        if (atomic_compare_exchange_strong(&requests[i].kind, &free_kind, kind)) {
            struct request *request = &requests[i];
            atomic_store(&request->child, 0);
            atomic_store(&request->restarted, 0);
            atomic_store(&request->cancel_code, 0);
            request->log = -1;
            request->includes_self = 0;
            request->in_round = 0;
            request->exit_line_taken = 0;
            request->reported_exit = -1;
            return request;
        }
    }
    errno = EAGAIN;
    return NULL;
}

static void uncount(struct request *request)
{
    int counted = 1;
    if (atomic_compare_exchange_strong(&request->counted, &counted, 0)) {
        atomic_fetch_sub(&cri_cs_word, CRI_SELF_ONE);
        cri_cs_wake_all();
    }
}

static void release_request(struct request *request)
{
    uncount(request);
    if (request->log >= 0)
        close(request->log);
    request->log = -1;
    atomic_store(&request->kind, REQUEST_FREE);
}

static struct request *find_request(unsigned long *handle, int kind)
{
    if (handle == NULL || *handle == 0 || *handle > MAX_REQUESTS
            || atomic_load(&requests[*handle - 1].kind) != kind) {
        errno = EINVAL;
        return NULL;
    }
    return &requests[*handle - 1];
}

static pid_t parent_of(pid_t pid)
{
    char path[64], stat[512];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t length = read(fd, stat, sizeof stat - 1);
    close(fd);
    if (length <= 0)
        return -1;
    stat[length] = '\0';
    char *end_of_name = strrchr(stat, ')');
    int parent;
    if (end_of_name == NULL || sscanf(end_of_name + 1, " %*c %d", &parent) != 1)
        return -1;
    return parent;
}

/* The checkpointer named in a REQUEST is our child, or (when it runs its JVM under a small
 * waiting parent) our grandchild. */
static int made_by(struct request *request, pid_t requester)
{
    pid_t child = atomic_load(&request->child);
    return child > 0 && (requester == child || parent_of(requester) == child);
}

/* Matched while the checkpointer surely exists: it may be gone by the end of the round. */
void cri_requests_round_started(pid_t requester)
{
    for (int i = 0; i < MAX_REQUESTS; i++)
        requests[i].in_round = atomic_load(&requests[i].kind) == REQUEST_CHECKPOINT
            && made_by(&requests[i], requester);
}

void cri_requests_round_ended(int restarted, int cancel_code)
{
    for (int i = 0; i < MAX_REQUESTS; i++) {
        struct request *request = &requests[i];
        if (atomic_load(&request->kind) != REQUEST_CHECKPOINT)
            continue;
        if (restarted)
            atomic_store(&request->restarted, 1);
        else if (request->in_round)
            atomic_store(&request->cancel_code, cancel_code);
        if (restarted || request->in_round)
            uncount(request);
        request->in_round = 0;
    }
}

static int child_exited(pid_t child)
{
    siginfo_t info;
    info.si_pid = 0;
    if (waitid(P_PID, child, &info, WEXITED | WNOHANG | WNOWAIT) != 0)
        return errno != EINTR;
    return info.si_pid != 0;
}

void cri_poll_self_requests(void)
{
    int saved_errno = errno;
    for (int i = 0; i < MAX_REQUESTS; i++) {
        pid_t child = atomic_load(&requests[i].child);
        if (atomic_load(&requests[i].counted) && child > 0 && child_exited(child))
            uncount(&requests[i]);
    }
    errno = saved_errno;
}

/* Only a claimed slot owns its log: a slot never claimed holds 0 there, the child's stdin. */
void cri_requests_reset_after_fork(void)
{
    for (int i = 0; i < MAX_REQUESTS; i++) {
        if (atomic_load(&requests[i].kind) != REQUEST_FREE && requests[i].log >= 0)
            close(requests[i].log);
        requests[i].log = -1;
        atomic_store(&requests[i].counted, 0);
        atomic_store(&requests[i].kind, REQUEST_FREE);
    }
}

static int open_in(const char *directory)
{
    int fd = open(directory, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd >= 0)
        return fd;
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/cr4j-request-XXXXXX", directory);
    fd = mkostemp(path, O_CLOEXEC);
    if (fd >= 0)
        unlink(path);
    return fd;
}

/* Kept above the low numbers that the child's descriptors are moved to. */
static int open_log(void)
{
    const char *directory = getenv("TMPDIR");
    int fd = directory != NULL && directory[0] != '\0' ? open_in(directory) : -1;
    if (fd < 0 && (fd = open_in("/tmp")) < 0)
        return -1;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, LOG_FD_MIN);
    close(fd);
    return high;
}

/* The tools are installed beside the library: lib/libcr.so.0 and bin/cr_checkpoint. */
static int installed_tool(const char *name, char *path, size_t size)
{
    Dl_info library;
    char real[PATH_MAX];
    if (dladdr((void *)&installed_tool, &library) == 0 || library.dli_fname == NULL
            || realpath(library.dli_fname, real) == NULL)
        return -1;
    *strrchr(real, '/') = '\0';
    snprintf(path, size, "%s/../bin/%s", real, name);
    return access(path, X_OK);
}

/* The environment with REPORT_STATUS added, or NULL if there is no memory for it. */
static char **reporting_environment(void)
{
    size_t count = 0;
    while (environ[count] != NULL)
        count++;
    char **copy = malloc((count + 2) * sizeof *copy);
    if (copy == NULL)
        return NULL;
    size_t kept = 0;
    for (size_t i = 0; i < count; i++)
        if (strncmp(environ[i], "CR4J_REPORT_STATUS=", strlen("CR4J_REPORT_STATUS=")) != 0)
            copy[kept++] = environ[i];
    copy[kept++] = REPORT_STATUS;
    copy[kept] = NULL;
    return copy;
}

static int spawn(char *const argv[], int fd, int log, pid_t *child)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    sigset_t none, all;
    char **environment = reporting_environment();
    if (environment == NULL)
        return ENOMEM;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawn_file_actions_init(&actions);
    if (fd >= 0)
        posix_spawn_file_actions_adddup2(&actions, fd, CHILD_FD);
    posix_spawn_file_actions_adddup2(&actions, log, STDERR_FILENO);
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &all);
    char path[PATH_MAX];
    int error = installed_tool(argv[0], path, sizeof path) == 0
        ? posix_spawn(child, path, &actions, &attributes, argv, environment)
        : posix_spawnp(child, argv[0], &actions, &attributes, argv, environment);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    free(environment);
    return error;
}

/* Counted before the child starts, so that cr_status() says PENDING from the first moment. */
static int start_request(struct request *request, char *const argv[], int fd, int includes_self)
{
    request->log = open_log();
    if (request->log < 0) {
        int error = errno;
        release_request(request);
        return error;
    }
    request->includes_self = includes_self;
    if (includes_self) {
        atomic_fetch_add(&cri_cs_word, CRI_SELF_ONE);
        atomic_store(&request->counted, 1);
    }
    pid_t child;
    int error = spawn(argv, fd, request->log, &child);
    if (error != 0) {
        release_request(request);
        return error;
    }
    atomic_store(&request->child, child);
    return 0;
}

static int ancestor_or_self(pid_t target)
{
    for (pid_t pid = getpid(); pid > 0; pid = parent_of(pid))
        if (pid == target)
            return 1;
    return 0;
}

static int scope_includes_self(cr_scope_t scope, pid_t target)
{
    switch (scope) {
    case CR_SCOPE_PROC:
        return target == getpid();
    case CR_SCOPE_TREE:
        return ancestor_or_self(target);
    case CR_SCOPE_PGRP:
        return target == getpgrp();
    case CR_SCOPE_SESS:
        return target == getsid(0);
    }
    return 0;
}

static pid_t default_target(cr_scope_t scope)
{
    switch (scope) {
    case CR_SCOPE_PGRP:
        return getpgrp();
    case CR_SCOPE_SESS:
        return getsid(0);
    default:
        return getpid();
    }
}

static int valid_descriptor(int fd)
{
    return fd >= 0 && fcntl(fd, F_GETFD) >= 0;
}

static int check_checkpoint_args(const cr_checkpoint_args_t *args, const cr_checkpoint_handle_t *handle)
{
    if (args == NULL || handle == NULL || args->cr_version != CR_CHECKPOINT_ARGS_VERSION
            || (int)args->cr_scope < CR_SCOPE_PROC || args->cr_scope > CR_SCOPE_TREE
            || args->cr_signal < 0 || args->cr_signal > 64 || (args->cr_flags & ~KNOWN_CHECKPOINT_FLAGS) != 0)
        return EINVAL;
    if (args->cr_target < 0)
        return ESRCH;
    if (args->cr_fd != CR_DEST_CWD && !valid_descriptor(args->cr_fd))
        return EBADF;
    return 0;
}

struct arguments {
    char *argv[MAX_ARGS + 1];
    char numbers[4][16];
    int count;
    int numbers_used;
};

static void add(struct arguments *arguments, const char *argument)
{
    arguments->argv[arguments->count++] = (char *)argument;
    arguments->argv[arguments->count] = NULL;
}

static void add_number(struct arguments *arguments, const char *option, long value)
{
    char *text = arguments->numbers[arguments->numbers_used++];
    snprintf(text, sizeof arguments->numbers[0], "%ld", value);
    if (option != NULL)
        add(arguments, option);
    add(arguments, text);
}

static void add_checkpoint_options(struct arguments *arguments, const cr_checkpoint_args_t *args, pid_t target)
{
    static const char *const scope_options[] = { "--pid", "--pgid", "--sid", "--tree" };
    unsigned int flags = args->cr_flags;
    add(arguments, "cr_checkpoint");
    add(arguments, scope_options[args->cr_scope]);
    if (args->cr_fd != CR_DEST_CWD)
        add_number(arguments, "--fd", CHILD_FD);
    if (args->cr_signal != 0)
        add_number(arguments, "--signal", args->cr_signal);
    if (args->cr_timeout != 0)
        add_number(arguments, "--time", args->cr_timeout);
    if (flags & CR_CHKPT_PTRACED_ALLOW)
        add(arguments, "--ptraced-allow");
    if (flags & CR_CHKPT_PTRACED_SKIP)
        add(arguments, "--ptraced-skip");
    if (flags & CR_CHKPT_PTRACER_SKIP)
        add(arguments, "--ptracer-skip");
    if ((flags & CR_CHKPT_DUMP_ALL) == CR_CHKPT_DUMP_ALL)
        add(arguments, "--save-all");
    else {
        if (flags & CR_CHKPT_DUMP_EXEC)
            add(arguments, "--save-exe");
        if (flags & CR_CHKPT_DUMP_PRIVATE)
            add(arguments, "--save-private");
        if (flags & CR_CHKPT_DUMP_SHARED)
            add(arguments, "--save-shared");
    }
    add(arguments, "--kmsg-warning");
    add_number(arguments, NULL, target);
}

static int fail(int error)
{
    errno = error;
    return -1;
}

int cr_request_checkpoint(cr_checkpoint_args_t *args, cr_checkpoint_handle_t *handle)
{
    int error = check_checkpoint_args(args, handle);
    if (error != 0)
        return fail(error);
    pid_t target = args->cr_target != 0 ? args->cr_target : default_target(args->cr_scope);
    int includes_self = scope_includes_self(args->cr_scope, target);
    if (includes_self && (args->cr_flags & CR_CHKPT_PROHIBIT_SELF))
        return fail(EDEADLK);
    struct arguments arguments = { .count = 0 };
    add_checkpoint_options(&arguments, args, target);
    struct request *request = claim_request(REQUEST_CHECKPOINT);
    if (request == NULL)
        return -1;
    error = start_request(request, arguments.argv, args->cr_fd == CR_DEST_CWD ? -1 : args->cr_fd, includes_self);
    if (error != 0)
        return fail(error);
    *handle = (cr_checkpoint_handle_t)(request - requests) + 1;
    return 0;
}

/* The checkpointer exits as soon as it has sent its verdicts; a request that includes us is
 * done only when our own round is over too, so that cr_status() is IDLE after the reap. After a
 * restart the child is either not ours (ECHILD) or our restored cr4j-parent, which exits at once
 * and must be reaped, not left a zombie. */
static int finished(struct request *request)
{
    if (!child_exited(atomic_load(&request->child)))
        return 0;
    return atomic_load(&request->restarted) || !request->includes_self || cri_in_callback()
        || (atomic_load(&cri_cs_word) & CRI_STATE_MASK) == CR_STATE_IDLE;
}

static struct timespec now(void)
{
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return time;
}

static long long nanoseconds(struct timespec time)
{
    return time.tv_sec * 1000000000LL + time.tv_nsec;
}

static void report_remaining(struct timeval *timeout, long long remaining)
{
    if (timeout == NULL)
        return;
    if (remaining < 0)
        remaining = 0;
    timeout->tv_sec = remaining / 1000000000LL;
    timeout->tv_usec = (remaining % 1000000000LL) / 1000;
}

/* Polled: the only waits that need no descriptor are on the child itself. A signal callback
 * interrupting a sleep just shortens it. */
static int wait_request(struct request *request, struct timeval *timeout)
{
    if (timeout != NULL && (timeout->tv_sec < 0 || timeout->tv_usec < 0))
        return fail(EINVAL);
    long long deadline = timeout == NULL ? 0
        : nanoseconds(now()) + timeout->tv_sec * 1000000000LL + timeout->tv_usec * 1000LL;
    long long pause = 1000000;
    for (;;) {
        long long remaining = deadline - nanoseconds(now());
        if (finished(request)) {
            report_remaining(timeout, remaining);
            return 1;
        }
        if (timeout != NULL && remaining <= 0) {
            report_remaining(timeout, 0);
            return 0;
        }
        long long sleep = timeout != NULL && remaining < pause ? remaining : pause;
        struct timespec interval = { sleep / 1000000000LL, sleep % 1000000000LL };
        nanosleep(&interval, NULL);
        if (pause < 10000000)
            pause *= 2;
    }
}

/* The line ending at the end of text, if it is cr4j-parent's report; returns its offset or -1. */
static int exit_line_at(const char *text, size_t length, int whole, int *code)
{
    if (length == 0 || text[length - 1] != '\n')
        return -1;
    size_t start = length - 1;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    char end;
    if ((start == 0 && !whole) || strncmp(text + start, EXIT_LINE, strlen(EXIT_LINE)) != 0
            || sscanf(text + start + strlen(EXIT_LINE), "%d%c", code, &end) != 2 || end != '\n')
        return -1;
    return (int)start;
}

/* Once the child has ended, its report is taken off the log: the application sees only what the
 * command itself said, and the status is kept for a reap that waitpid() cannot serve. */
static void take_exit_line(struct request *request)
{
    if (request->exit_line_taken || !child_exited(atomic_load(&request->child)))
        return;
    request->exit_line_taken = 1;
    struct stat log;
    char tail[64];
    if (fstat(request->log, &log) != 0)
        return;
    off_t from = log.st_size > (off_t)sizeof tail ? log.st_size - (off_t)sizeof tail : 0;
    ssize_t length = pread(request->log, tail, log.st_size - from, from);
    int code;
    int start = length > 0 ? exit_line_at(tail, length, from == 0, &code) : -1;
    if (start < 0)
        return;
    request->reported_exit = code;
    if (ftruncate(request->log, from + start) != 0)
        request->reported_exit = -1;
}

static int copy_log(struct request *request, unsigned int length, char *message)
{
    take_exit_line(request);
    struct stat log;
    if (fstat(request->log, &log) != 0)
        return -1;
    if (length > 0 && message == NULL)
        return fail(EFAULT);
    if (log.st_size == 0) {
        if (length > 0)
            message[0] = '\0';
        return 0;
    }
    if (length > 0) {
        size_t wanted = (size_t)log.st_size < length - 1 ? (size_t)log.st_size : length - 1;
        ssize_t got = pread(request->log, message, wanted, 0);
        message[got > 0 ? got : 0] = '\0';
    }
    return log.st_size >= INT_MAX ? INT_MAX : (int)log.st_size + 1;
}

/* cr_checkpoint exits with the error's low 8 bits; 50 and up are the CR_E* codes. A user code
 * from a TEMP_FAILURE vote only survives whole in the CANCELLED verdict our round received. */
static int exit_error(struct request *request, int status)
{
    if (!WIFEXITED(status))
        return EINTR;
    int code = atomic_load(&request->cancel_code);
    if (code != 0)
        return code;
    int exit_code = WEXITSTATUS(status);
    if (exit_code >= EXIT_TEMPFAIL && exit_code <= EXIT_TEMPFAIL + CR_ENOINIT - CR_ETEMPFAIL)
        return CR_ETEMPFAIL + exit_code - EXIT_TEMPFAIL;
    return exit_code;
}

static int reap_child(struct request *request, int *status)
{
    pid_t child = atomic_load(&request->child);
    pid_t reaped;
    do
        reaped = waitpid(child, status, 0);
    while (reaped < 0 && errno == EINTR);
    return reaped == child;
}

/* Only a restart says "restarted": an application that reaps its own children (SIGCHLD ignored,
 * or a handler that waits for any child) leaves waitpid() nothing to find, and then the status
 * comes from cr4j-parent's report. */
static int reap_checkpoint(struct request *request)
{
    int status = 0;
    int reaped = reap_child(request, &status);
    take_exit_line(request);
    if (!reaped && request->reported_exit >= 0) {
        status = W_EXITCODE(request->reported_exit, 0);
        reaped = 1;
    }
    int error = ECHILD;
    if (atomic_load(&request->restarted))
        error = CR_ERESTARTED;
    else if (reaped)
        error = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : exit_error(request, status);
    release_request(request);
    return error == 0 ? 1 : fail(error);
}

int cr_wait_checkpoint(cr_checkpoint_handle_t *handle, struct timeval *timeout)
{
    struct request *request = find_request(handle, REQUEST_CHECKPOINT);
    return request == NULL ? -1 : wait_request(request, timeout);
}

int cr_log_checkpoint(cr_checkpoint_handle_t *handle, unsigned int length, char *message)
{
    struct request *request = find_request(handle, REQUEST_CHECKPOINT);
    return request == NULL ? -1 : copy_log(request, length, message);
}

int cr_reap_checkpoint(cr_checkpoint_handle_t *handle)
{
    struct request *request = find_request(handle, REQUEST_CHECKPOINT);
    if (request == NULL)
        return -1;
    if (!finished(request))
        return fail(EAGAIN);
    return reap_checkpoint(request);
}

static int fetch_log(struct request *request, char **message)
{
    *message = NULL;
    int size = copy_log(request, 0, NULL);
    if (size <= 0)
        return size;
    if ((*message = malloc(size)) == NULL)
        return -1;
    int copied = copy_log(request, size, *message);
    if (copied < 0) {
        free(*message);
        *message = NULL;
    }
    return copied;
}

static int poll_request(unsigned long *handle, int kind, struct timeval *timeout, char **message,
                        int (*reap)(struct request *))
{
    struct request *request = find_request(handle, kind);
    if (request == NULL)
        return CR_POLL_CHKPT_ERR_PRE;
    int done = wait_request(request, timeout);
    if (done <= 0)
        return done < 0 ? CR_POLL_CHKPT_ERR_PRE : 0;
    if (message != NULL && fetch_log(request, message) < 0)
        return CR_POLL_CHKPT_ERR_LOG;
    int result = reap(request);
    return result < 0 ? CR_POLL_CHKPT_ERR_POST : result;
}

int cr_poll_checkpoint_msg(cr_checkpoint_handle_t *handle, struct timeval *timeout, char **msg_p)
{
    return poll_request(handle, REQUEST_CHECKPOINT, timeout, msg_p, reap_checkpoint);
}

int cr_poll_checkpoint(cr_checkpoint_handle_t *handle, struct timeval *timeout)
{
    return poll_request(handle, REQUEST_CHECKPOINT, timeout, NULL, reap_checkpoint);
}

/* cr_restart --relocate reads "\=" as "=" and "\\" as "\". */
static char *relocation_argument(const struct cr_rstrt_relocate_pair *pair)
{
    size_t length = 2 * (strlen(pair->oldpath) + strlen(pair->newpath)) + 2;
    char *argument = malloc(length), *out = argument;
    if (argument == NULL)
        return NULL;
    for (const char *in = pair->oldpath; *in; in++) {
        if (*in == '=' || *in == '\\')
            *out++ = '\\';
        *out++ = *in;
    }
    *out++ = '=';
    for (const char *in = pair->newpath; *in; in++) {
        if (*in == '=' || *in == '\\')
            *out++ = '\\';
        *out++ = *in;
    }
    *out = '\0';
    return argument;
}

static int check_restart_args(const cr_restart_args_t *args, const cr_restart_handle_t *handle)
{
    if (args == NULL || handle == NULL || args->cr_version != CR_RESTART_ARGS_VERSION || args->cr_signal < 0
            || args->cr_signal > 64 || (args->cr_flags & ~KNOWN_RESTART_FLAGS) != 0)
        return EINVAL;
    const struct cr_rstrt_relocate *relocate = args->cr_relocate;
    if (relocate != NULL) {
        if (relocate->count > CR_MAX_RSTRT_RELOC)
            return EINVAL;
        for (unsigned int i = 0; i < relocate->count; i++)
            if (relocate->path[i].oldpath == NULL || relocate->path[i].newpath == NULL)
                return EINVAL;
    }
    return valid_descriptor(args->cr_fd) ? 0 : EBADF;
}

static int add_restart_options(struct arguments *arguments, const cr_restart_args_t *args, char **relocations)
{
    add(arguments, "cr_restart");
    add_number(arguments, "--fd", CHILD_FD);
    if (!(args->cr_flags & CR_RSTRT_RESTORE_PID))
        add(arguments, "--no-restore-pid");
    if (args->cr_flags & CR_RSTRT_RESTORE_PGID)
        add(arguments, "--restore-pgid");
    if (args->cr_flags & CR_RSTRT_RESTORE_SID)
        add(arguments, "--restore-sid");
    if (args->cr_signal != 0)
        add_number(arguments, "--signal", args->cr_signal);
    unsigned int count = args->cr_relocate != NULL ? args->cr_relocate->count : 0;
    for (unsigned int i = 0; i < count; i++) {
        if ((relocations[i] = relocation_argument(&args->cr_relocate->path[i])) == NULL)
            return ENOMEM;
        add(arguments, "--relocate");
        add(arguments, relocations[i]);
    }
    return 0;
}

int cr_request_restart(cr_restart_args_t *args, cr_restart_handle_t *handle)
{
    int error = check_restart_args(args, handle);
    if (error != 0)
        return fail(error);
    char *relocations[CR_MAX_RSTRT_RELOC] = { NULL };
    struct arguments arguments = { .count = 0 };
    struct request *request = NULL;
    error = add_restart_options(&arguments, args, relocations);
    if (error == 0 && (request = claim_request(REQUEST_RESTART)) == NULL)
        error = errno;
    if (error == 0)
        error = start_request(request, arguments.argv, args->cr_fd, 0);
    for (int i = 0; i < CR_MAX_RSTRT_RELOC; i++)
        free(relocations[i]);
    if (error != 0)
        return fail(error);
    *handle = (cr_restart_handle_t)(request - requests) + 1;
    return 0;
}

/* cr_restart stays the parent of the restored job and exits as the job does, so "done" is the
 * end of the job. On exit 0 we return cr_restart's pid (> 0): the restored pids are not ours to
 * see. Any other exit gives that status as errno (cr_restart's own failure, 50 and up mapped to
 * CR_E*, or the job's exit code); death by a signal gives EINTR. */
static int reap_restart(struct request *request)
{
    int status = 0;
    pid_t child = atomic_load(&request->child);
    int error = ECHILD;
    if (reap_child(request, &status))
        error = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : exit_error(request, status);
    release_request(request);
    return error == 0 ? child : fail(error);
}

int cr_wait_restart(cr_restart_handle_t *handle, struct timeval *timeout)
{
    struct request *request = find_request(handle, REQUEST_RESTART);
    return request == NULL ? -1 : wait_request(request, timeout);
}

int cr_log_restart(cr_restart_handle_t *handle, unsigned int length, char *message)
{
    struct request *request = find_request(handle, REQUEST_RESTART);
    return request == NULL ? -1 : copy_log(request, length, message);
}

int cr_reap_restart(cr_restart_handle_t *handle)
{
    struct request *request = find_request(handle, REQUEST_RESTART);
    if (request == NULL)
        return -1;
    if (!finished(request))
        return fail(EAGAIN);
    return reap_restart(request);
}

int cr_poll_restart_msg(cr_restart_handle_t *handle, struct timeval *timeout, char **msg_p)
{
    return poll_request(handle, REQUEST_RESTART, timeout, msg_p, reap_restart);
}

int cr_poll_restart(cr_restart_handle_t *handle, struct timeval *timeout)
{
    return poll_request(handle, REQUEST_RESTART, timeout, NULL, reap_restart);
}

/* The deprecated calls keep one request open, reaped by the next call. */
static cr_checkpoint_handle_t legacy_handle;
static char *legacy_file;

static void legacy_abort(const char *call)
{
    fprintf(stderr, "libcr: %s: %s\n", call, cr_strerror(errno));
    abort();
}

static void legacy_reap_previous(void)
{
    if (legacy_handle == 0)
        return;
    struct request *request = find_request(&legacy_handle, REQUEST_CHECKPOINT);
    if (request != NULL) {
        wait_request(request, NULL);
        if (reap_checkpoint(request) < 0 && errno != CR_ERESTARTED && legacy_file != NULL)
            unlink(legacy_file);
    }
    free(legacy_file);
    legacy_file = NULL;
    legacy_handle = 0;
}

/* The previous request ends before anything of the next is made: a file of the same name must
 * not be truncated under it, nor unlinked by its failure once the next has opened it. */
static void legacy_start(const char *call)
{
    if (cri_self == NULL) {
        errno = CR_ENOINIT;
        legacy_abort(call);
    }
    legacy_reap_previous();
}

static void legacy_request(const char *call, int fd, const char *file)
{
    cr_checkpoint_args_t args;
    cri_init_checkpoint_args_t(CR_CHECKPOINT_ARGS_VERSION, &args);
    args.cr_scope = CR_SCOPE_PROC;
    args.cr_target = getpid();
    args.cr_fd = fd;
    if (cr_request_checkpoint(&args, &legacy_handle) != 0)
        legacy_abort(call);
    legacy_file = file != NULL ? strdup(file) : NULL;
}

void cr_request(void)
{
    legacy_start("cr_request");
    legacy_request("cr_request", CR_DEST_CWD, NULL);
}

void cr_request_file(const char *filename)
{
    legacy_start("cr_request_file");
    int fd = open(filename, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        legacy_abort("cr_request_file");
    legacy_request("cr_request_file", fd, filename);
    close(fd);
}

void cr_request_fd(int fd)
{
    legacy_start("cr_request_fd");
    legacy_request("cr_request_fd", fd, NULL);
}
