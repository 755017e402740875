/*
 * Netlink event sources (netlink.c): a reader thread per socket hands batches of parsed records to JS through a
 * thread-safe function. The thread, not Node's loop, reads the socket, so a busy loop (a long SQL scan) neither
 * delays reading /proc for a short-lived process nor lets the kernel drop messages.
 */
#ifndef OSPREY_NETLINK_H
#define OSPREY_NETLINK_H

#include <node_api.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include "fanotify.h"

enum nl_kind { NL_PROC = 1, NL_AUDIT = 2, NL_UEVENT = 3 };
enum proc_what { PROC_EXEC = 1, PROC_FORK = 2, PROC_EXIT = 3 };

/* One proc connector event, with /proc read at once for exec (has_info). */
typedef struct {
  uint32_t what;
  int32_t pid, tgid, ppid, ptgid;
  uint32_t exit_code, exit_signal;
  uint64_t time_ns;       /* CLOCK_MONOTONIC of the event */
  int has_info;
  int64_t ids[8];         /* uid euid suid fsuid gid egid sgid fsgid, from /proc/<pid>/status */
  int32_t status_ppid;
  int64_t auid;           /* /proc/<pid>/loginuid; -1 when unreadable */
  char *exe, *cwd, *cmdline;
  int exe_from_fanotify;  /* exe is the file execve opened (fanotify), not /proc/<pid>/exe */
  size_t cmdline_len;     /* argv joined by NULs */
} proc_record;

/* One audit record: its type (AUDIT_SYSCALL ...) and text; a uevent's properties (type 0, NULs inside: see len). */
typedef struct {
  uint32_t type;
  char *text;
  size_t len;
} audit_record;

/* What the reader thread read in one wakeup. */
typedef struct {
  int kind;
  size_t count, cap;
  void *items;          /* proc_record[] or audit_record[] (audit and uevent) */
  uint32_t lost;        /* recv reported ENOBUFS: the kernel dropped messages */
  uint32_t exec_lost;   /* fanotify's queue overflowed: exec opens were dropped (paths may be missing) */
  int error;            /* errno of a failed recv that ended the thread, or 0 */
} nl_batch;

/* One netlink socket and its reader thread; the JS handle is a napi external of this. */
typedef struct {
  int kind, fd, stop_fd, started, closed;
  uint32_t seq;
  pthread_t thread;
  napi_threadsafe_function tsfn;
  napi_env env;
  napi_ref self;
  fan_exec *fan;        /* NL_PROC with fanotify: exec opens joined with exec records; NULL without */
} nl_source;

enum { RECV_BUFFER = 8 << 20 };

/* netlink.c: a handle for a new socket; the source behind a handle (throws if wrong kind or closed); the reader. */
napi_value nl_new_source(napi_env env, int kind, int fd);
nl_source *nl_source_of(napi_env env, napi_value handle, int kind);
int nl_start_reader(napi_env env, nl_source *src, napi_value callback, const char *name);

/* audit.c */
napi_value osprey_audit_open(napi_env env, napi_callback_info info);
napi_value osprey_audit_request(napi_env env, napi_callback_info info);
napi_value osprey_audit_start(napi_env env, napi_callback_info info);

/* uevent.c */
napi_value osprey_uevent_open(napi_env env, napi_callback_info info);
void uevent_parse(nl_batch *batch, const char *buf, size_t len);

void *nl_batch_push(nl_batch *batch, size_t item_size);
void nl_batch_free(nl_batch *batch);

/* proc_events.c: parses one connector datagram into the batch; sends PROC_CN_MCAST_LISTEN; takes each exec's
 * path from fanotify when it saw the exec (after the batch is read, see fanotify.c). */
void proc_parse(nl_batch *batch, const char *buf, size_t len);
void proc_join_exec_paths(nl_batch *batch, fan_exec *fan);
int proc_listen(int fd, int on);
napi_value proc_records_to_js(napi_env env, const nl_batch *batch);

#endif
