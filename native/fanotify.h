/*
 * fanotify FAN_OPEN_EXEC for process_events (fanotify.c): the file each execve opens, named while the exec happens,
 * so a process that is gone before /proc/<pid>/exe can be read still has its path. The proc connector's reader
 * thread (netlink.c) owns the descriptor: it drains the events after reading connector messages and joins them
 * with each exec record by pid. No thread of its own, nothing on Node's loop.
 */
#ifndef OSPREY_FANOTIFY_H
#define OSPREY_FANOTIFY_H

#include <node_api.h>
#include <stdint.h>

typedef struct fan_exec fan_exec;

/* fanotifyExecOpen(paths) -> { fd, marked, failures }: a non-blocking group with FAN_OPEN_EXEC marks on the
 * filesystems of `paths`; throws (EPERM without CAP_SYS_ADMIN) when no group or no mark could be made. */
napi_value osprey_fanotify_exec_open(napi_env env, napi_callback_info info);

/* Takes ownership of a descriptor from fanotifyExecOpen; NULL (and the fd closed) when out of memory. */
fan_exec *fan_exec_new(int fd);
void fan_exec_free(fan_exec *fan);

/* Reads every queued event into the pid cache; returns how many overflow events (FAN_Q_OVERFLOW) were seen. */
uint32_t fan_exec_drain(fan_exec *fan);

/* The executable pid's last exec opened (malloc'd, the caller frees), or NULL; the pid's entry is consumed. */
char *fan_exec_take(fan_exec *fan, int32_t pid);

#endif
