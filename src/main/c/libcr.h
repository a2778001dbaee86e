/* libcr.h: the interface a program uses to take part in cr4j checkpoints (callbacks, critical
 * sections, self-checkpoint and restart requests). It keeps BLCR's names, values and signatures
 * (BLCR-SPEC.md sections 0 and 4) so that programs written for BLCR build unchanged. Link with
 * -lcr (and -u cr_link_me when linking with --as-needed or statically). */
#ifndef CR4J_LIBCR_H
#define CR4J_LIBCR_H

#include <sys/types.h>
#include <sys/time.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Versions: the BLCR release and library interface this one is compatible with. */
#define CR_RELEASE_MAJOR 0
#define CR_RELEASE_MINOR 8
#define CR_RELEASE_PATCH 6
#define CR_RELEASE_VERSION "0.8.6_b4"
#define LIBCR_MAJOR 0
#define LIBCR_MINOR 5
#define LIBCR_PATCH 5
#define LIBCR_VERSION "0.5.5"
#define CR_MODULE_MAJOR 0
#define CR_MODULE_MINOR 10
#define CR_MODULE_PATCH 3
#define CR_MODULE_VERSION "0.10.3"

/* The real-time signal libcr reserves (SIGRTMAX on Linux x86-64). */
#define CR_SIGNUM 64
extern const int cri_signum;

/* Errors beyond errno; the tools exit with the low 8 bits (50 for CR_ETEMPFAIL, ...). */
#define CR_MIN_ERRCODE 2353
#define CR_ETEMPFAIL 2354
#define CR_EPERMFAIL 2355
#define CR_ENOSUPPORT 2356
#define CR_EVERSION 2357
#define CR_EOMITTED 2358
#define CR_EBADARCH 2359
#define CR_EPTRACED 2360
#define CR_EPTRACER 2361
#define CR_ERSTRTABRT 2362
#define CR_ERESTARTED 2363
#define CR_ENOTCB 2364
#define CR_ENOINIT 2365
#define CR_MAX_ERRCODE 2365

typedef int cr_version_t;
#define CR_CHECKPOINT_ARGS_VERSION 1
#define CR_RESTART_ARGS_VERSION 1

typedef int (*cr_callback_t)(void *);
typedef int cr_client_id_t;
typedef int cr_callback_id_t;
typedef unsigned int cr_spinlock_t;
#define CR_SPINLOCK_INITIALIZER 0U
typedef unsigned long cr_checkpoint_handle_t;
typedef unsigned long cr_restart_handle_t;

#define CR_MAX_CALLBACKS 0x1FFFFFF
#define CR_THREAD_CONTEXT 0x4000000
#define CR_SIGNAL_CONTEXT 0x2000000
#define CR_ID_CALLBACK ((cr_client_id_t)-1)

typedef enum {
    CR_SCOPE_PROC = 0,
    CR_SCOPE_PGRP = 1,
    CR_SCOPE_SESS = 2,
    CR_SCOPE_TREE = 3
} cr_scope_t;

/* cr_checkpoint() flags; a user code (1..65535) rides in the upper 16 bits. */
#define CR_CHECKPOINT_READY 0
#define CR_CHECKPOINT_TEMP_FAILURE 1
#define CR_CHECKPOINT_PERM_FAILURE 2
#define CR_CHECKPOINT_OMIT 4
#define CR_CHECKPOINT_TEMP_FAILURE_CODE(v) (CR_CHECKPOINT_TEMP_FAILURE | ((v) << 16))
#define CR_CHECKPOINT_PERM_FAILURE_CODE(v) (CR_CHECKPOINT_PERM_FAILURE | ((v) << 16))

/* cr_checkpoint_args_t.cr_flags */
#define CR_CHKPT_PROHIBIT_SELF 0x1
#define CR_CHKPT_PTRACED_ALLOW 0x2
#define CR_CHKPT_PTRACED_SKIP 0x4
#define CR_CHKPT_PTRACER_SKIP 0x8
#define CR_CHKPT_ASYNC_ERR 0x10
#define CR_CHKPT_DUMP_EXEC 0x200
#define CR_CHKPT_DUMP_PRIVATE 0x400
#define CR_CHKPT_DUMP_SHARED 0x800
#define CR_CHKPT_DUMP_ALL 0xE00
/* cr_fd value: write context.ID into the requester's working directory. */
#define CR_DEST_CWD (-4096)

/* cr_restart_args_t.cr_flags */
#define CR_RSTRT_ASYNC_ERR 0x1
#define CR_RSTRT_RESTORE_PID 0x2
#define CR_RSTRT_RESTORE_PGID 0x4
#define CR_RSTRT_RESTORE_SID 0x8

struct cr_checkpoint_args {
    cr_version_t cr_version;
    cr_scope_t cr_scope;
    pid_t cr_target;
    int cr_fd;
    int cr_signal;
    unsigned int cr_timeout;
    unsigned int cr_flags;
};
typedef struct cr_checkpoint_args cr_checkpoint_args_t;

struct cr_rstrt_relocate_pair {
    const char *oldpath;
    const char *newpath;
};
struct cr_rstrt_relocate {
    unsigned int count;
    struct cr_rstrt_relocate_pair path[];
};
#define CR_MAX_RSTRT_RELOC 16
#define CR_RSTRT_RELOCATE_SIZE(n) \
    (sizeof(struct cr_rstrt_relocate) + (n) * sizeof(struct cr_rstrt_relocate_pair))

struct cr_restart_args {
    cr_version_t cr_version;
    int cr_fd;
    int cr_signal;
    unsigned int cr_flags;
    struct cr_rstrt_relocate *cr_relocate;
};
typedef struct cr_restart_args cr_restart_args_t;

struct cr_checkpoint_info {
    int signal;
    const char *dest;
    pid_t requester;
    pid_t target;
    cr_scope_t scope;
};

struct cr_restart_info {
    pid_t requester;
    const char *src;
};

#define CR_STATE_IDLE 0
#define CR_STATE_PENDING 1
#define CR_STATE_ACTIVE 2

#define CR_POLL_CHKPT_ERR_PRE (-1)
#define CR_POLL_CHKPT_ERR_POST (-2)
#define CR_POLL_CHKPT_ERR_LOG (-3)
#define CR_POLL_RSTRT_ERR_PRE (-1)
#define CR_POLL_RSTRT_ERR_POST (-2)
#define CR_POLL_RSTRT_ERR_LOG (-3)

typedef enum {
    CR_HOOK_CONT_SIGNAL_CONTEXT = 0,
    CR_HOOK_CONT_THREAD_CONTEXT,
    CR_HOOK_CONT_NO_CALLBACKS,
    CR_HOOK_RSTRT_SIGNAL_CONTEXT,
    CR_HOOK_RSTRT_THREAD_CONTEXT,
    CR_HOOK_RSTRT_NO_CALLBACKS,
    CR_NUM_HOOKS
} cr_hook_event_t;
typedef void (*cr_hook_fn_t)(cr_hook_event_t);
#define CR_HOOK_FN_ERROR ((cr_hook_fn_t)~0UL)

#define CR_HOLD_SCOPE_THREAD 0
#define CR_HOLD_SCOPE_INIT 1
#define CR_HOLD_SCOPE_UNINIT 2
#define CR_HOLD_READ (-1)
#define CR_HOLD_NONE 0
#define CR_HOLD_CONT 1
#define CR_HOLD_RSTRT 2
#define CR_HOLD_BOTH 3
#define CR_HOLD_DFLT 4

/* Named with -u so that --as-needed or static links keep the library. */
extern int cr_link_me;

cr_client_id_t cr_init(void);

int cri_init_checkpoint_args_t(cr_version_t version, cr_checkpoint_args_t *args);
#define cr_initialize_checkpoint_args_t(args) \
    cri_init_checkpoint_args_t(CR_CHECKPOINT_ARGS_VERSION, (args))
int cri_init_restart_args_t(cr_version_t version, cr_restart_args_t *args);
#define cr_initialize_restart_args_t(args) \
    cri_init_restart_args_t(CR_RESTART_ARGS_VERSION, (args))

int cr_request_checkpoint(cr_checkpoint_args_t *args, cr_checkpoint_handle_t *handle);
int cr_forward_checkpoint(cr_scope_t scope, pid_t target);
int cr_wait_checkpoint(cr_checkpoint_handle_t *handle, struct timeval *timeout);
int cr_log_checkpoint(cr_checkpoint_handle_t *handle, unsigned int len, char *msg);
int cr_reap_checkpoint(cr_checkpoint_handle_t *handle);
int cr_poll_checkpoint_msg(cr_checkpoint_handle_t *handle, struct timeval *timeout, char **msg_p);
int cr_poll_checkpoint(cr_checkpoint_handle_t *handle, struct timeval *timeout);

/* Restart requests (experimental, as in BLCR). */
int cr_request_restart(cr_restart_args_t *args, cr_restart_handle_t *handle);
int cr_wait_restart(cr_restart_handle_t *handle, struct timeval *timeout);
int cr_log_restart(cr_restart_handle_t *handle, unsigned int len, char *msg);
int cr_reap_restart(cr_restart_handle_t *handle);
int cr_poll_restart_msg(cr_restart_handle_t *handle, struct timeval *timeout, char **msg_p);
int cr_poll_restart(cr_restart_handle_t *handle, struct timeval *timeout);

cr_callback_id_t cr_register_callback(cr_callback_t func, void *arg, int flags);
int cr_replace_callback(cr_callback_id_t id, cr_callback_t func, void *arg, int flags);
int cr_replace_self(cr_callback_t func, void *arg, int flags);

int cr_enter_cs(cr_client_id_t id);
int cr_leave_cs(cr_client_id_t id);
int cr_tryenter_cs(cr_client_id_t id);
int cr_status(void);

int cr_checkpoint(int flags);
const struct cr_checkpoint_info *cr_get_checkpoint_info(void);
const struct cr_restart_info *cr_get_restart_info(void);

void cr_spinlock_init(cr_spinlock_t *lock);
void cr_spinlock_lock(cr_spinlock_t *lock);
void cr_spinlock_unlock(cr_spinlock_t *lock);
int cr_spinlock_trylock(cr_spinlock_t *lock);

const char *cr_strerror(int errnum);

cr_hook_fn_t cr_register_hook(cr_hook_event_t event, cr_hook_fn_t fn);
int cr_hold_ctrl(int scope, int flags);
int cr_inc_persist(void);
int cr_dec_persist(void);

/* Deprecated since BLCR 0.8.0: no scope choice, and a failure aborts the process. */
void cr_request(void) __attribute__((deprecated));
void cr_request_file(const char *filename) __attribute__((deprecated));
void cr_request_fd(int fd) __attribute__((deprecated));

#ifdef __cplusplus
}
#endif

#endif
