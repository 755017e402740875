/*
 * The proc connector (NETLINK_CONNECTOR, CN_IDX_PROC): exec, fork and exit of every process. For exec the
 * process's /proc entries are read here, on the reader thread, within microseconds of the event: a short-lived
 * process (/bin/true) is gone before JS could look. Thread starts and ends (fork/exit with pid != tgid) are skipped.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/cn_proc.h>
#include <linux/connector.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "netlink.h"

enum { CMDLINE_MAX = 65536, STATUS_MAX = 4096 };

int proc_listen(int fd, int on) {
  struct {
    struct nlmsghdr nl;
    struct cn_msg cn;
    enum proc_cn_mcast_op op;
  } __attribute__((packed)) msg;
  memset(&msg, 0, sizeof(msg));
  msg.nl.nlmsg_len = sizeof(msg);
  msg.nl.nlmsg_type = NLMSG_DONE;
  msg.nl.nlmsg_pid = 0;
  msg.cn.id.idx = CN_IDX_PROC;
  msg.cn.id.val = CN_VAL_PROC;
  msg.cn.len = sizeof(enum proc_cn_mcast_op);
  msg.op = on ? PROC_CN_MCAST_LISTEN : PROC_CN_MCAST_IGNORE;
  return send(fd, &msg, sizeof(msg), 0) < 0 ? -1 : 0;
}

static char *read_link(const char *path) {
  char buf[4096];
  ssize_t n = readlink(path, buf, sizeof(buf) - 1);
  if (n < 0) return NULL;
  buf[n] = '\0';
  /* The binary was replaced or removed after exec: the kernel appends this marker. */
  static const char deleted[] = " (deleted)";
  size_t dl = sizeof(deleted) - 1;
  if ((size_t)n > dl && strcmp(buf + n - dl, deleted) == 0) buf[n - dl] = '\0';
  return strdup(buf);
}

static ssize_t read_file(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  size_t total = 0;
  while (total < cap) {
    ssize_t n = read(fd, buf + total, cap - total);
    if (n <= 0) break;
    total += (size_t)n;
  }
  close(fd);
  return (ssize_t)total;
}

/* "Uid:\t0\t0\t0\t0" -> four ids. */
static void parse_ids(const char *line, int64_t *out) {
  char *end = NULL;
  const char *p = line;
  for (int i = 0; i < 4; i++) {
    out[i] = strtoll(p, &end, 10);
    if (end == p) { out[i] = -1; return; }
    p = end;
  }
}

static void read_status(int pid, proc_record *rec) {
  char path[64], buf[STATUS_MAX + 1];
  snprintf(path, sizeof(path), "/proc/%d/status", pid);
  ssize_t n = read_file(path, buf, STATUS_MAX);
  if (n <= 0) return;
  buf[n] = '\0';
  for (char *line = buf; line != NULL && *line != '\0';) {
    char *next = strchr(line, '\n');
    if (next != NULL) *next++ = '\0';
    if (strncmp(line, "PPid:", 5) == 0) rec->status_ppid = (int32_t)strtol(line + 5, NULL, 10);
    else if (strncmp(line, "Uid:", 4) == 0) parse_ids(line + 4, rec->ids);
    else if (strncmp(line, "Gid:", 4) == 0) { parse_ids(line + 4, rec->ids + 4); break; }
    line = next;
  }
}

static void read_cmdline(proc_record *rec) {
  char path[64];
  static _Thread_local char cmdline[CMDLINE_MAX];
  snprintf(path, sizeof(path), "/proc/%d/cmdline", rec->pid);
  ssize_t n = read_file(path, cmdline, sizeof(cmdline));
  if (n <= 0) return;
  rec->cmdline = malloc((size_t)n);
  if (rec->cmdline != NULL) { memcpy(rec->cmdline, cmdline, (size_t)n); rec->cmdline_len = (size_t)n; }
}

/*
 * Reads what osquery's process_events reports about the process, as soon as its event arrives. The command line
 * first: only /proc has it, and it empties when the process exits; the path has fanotify behind it.
 */
static void read_proc_info(proc_record *rec) {
  char path[64];
  for (int i = 0; i < 8; i++) rec->ids[i] = -1;
  rec->status_ppid = -1;
  rec->auid = -1;
  read_cmdline(rec);
  snprintf(path, sizeof(path), "/proc/%d/exe", rec->pid);
  rec->exe = read_link(path);
  snprintf(path, sizeof(path), "/proc/%d/cwd", rec->pid);
  rec->cwd = read_link(path);
  read_status(rec->pid, rec);
  char loginuid[32];
  snprintf(path, sizeof(path), "/proc/%d/loginuid", rec->pid);
  ssize_t n = read_file(path, loginuid, sizeof(loginuid) - 1);
  if (n > 0) { loginuid[n] = '\0'; rec->auid = strtoll(loginuid, NULL, 10); }
  rec->has_info = 1;
}

/* fanotify's path wins over /proc/<pid>/exe: it is the file execve opened, read without racing the exit. */
void proc_join_exec_paths(nl_batch *batch, fan_exec *fan) {
  batch->exec_lost += fan_exec_drain(fan);
  proc_record *items = batch->items;
  for (size_t i = 0; i < batch->count; i++) {
    if (items[i].what != PROC_EXEC) continue;
    char *exe = fan_exec_take(fan, items[i].tgid);
    if (exe == NULL) continue;
    free(items[i].exe);
    items[i].exe = exe;
    items[i].exe_from_fanotify = 1;
  }
}

/* The exit event grew parent_pid/parent_tgid in Linux 6.2; older kernels send a shorter struct. */
struct exit_event_v2 {
  int32_t process_pid, process_tgid;
  uint32_t exit_code, exit_signal;
  int32_t parent_pid, parent_tgid;
};

static void parse_event(nl_batch *batch, const struct proc_event *ev, size_t data_len) {
  proc_record rec;
  memset(&rec, 0, sizeof(rec));
  rec.time_ns = ev->timestamp_ns;
  rec.ppid = rec.ptgid = -1;
  switch (ev->what) {
    case PROC_EVENT_EXEC:
      rec.what = PROC_EXEC;
      rec.pid = ev->event_data.exec.process_pid;
      rec.tgid = ev->event_data.exec.process_tgid;
      read_proc_info(&rec);
      rec.ppid = rec.ptgid = rec.status_ppid;
      break;
    case PROC_EVENT_FORK:
      if (ev->event_data.fork.child_pid != ev->event_data.fork.child_tgid) return;  /* a new thread */
      rec.what = PROC_FORK;
      rec.pid = ev->event_data.fork.child_pid;
      rec.tgid = ev->event_data.fork.child_tgid;
      rec.ppid = ev->event_data.fork.parent_pid;
      rec.ptgid = ev->event_data.fork.parent_tgid;
      /* Not read here: every microsecond before the exec that usually follows counts. JS fills fork rows. */
      break;
    case PROC_EVENT_EXIT: {
      const struct exit_event_v2 *x = (const struct exit_event_v2 *)&ev->event_data;
      if (x->process_pid != x->process_tgid) return;  /* a thread ended, not the process */
      rec.what = PROC_EXIT;
      rec.pid = x->process_pid;
      rec.tgid = x->process_tgid;
      rec.exit_code = x->exit_code;
      rec.exit_signal = x->exit_signal;
      if (data_len >= sizeof(struct exit_event_v2)) { rec.ppid = x->parent_pid; rec.ptgid = x->parent_tgid; }
      break;
    }
    default:
      return;
  }
  proc_record *slot = nl_batch_push(batch, sizeof(proc_record));
  if (slot != NULL) *slot = rec;
  else { free(rec.exe); free(rec.cwd); free(rec.cmdline); }
}

void proc_parse(nl_batch *batch, const char *buf, size_t len) {
  for (const struct nlmsghdr *nl = (const struct nlmsghdr *)buf; NLMSG_OK(nl, len); nl = NLMSG_NEXT(nl, len)) {
    if (nl->nlmsg_type == NLMSG_ERROR || nl->nlmsg_type == NLMSG_NOOP) continue;
    const struct cn_msg *cn = NLMSG_DATA(nl);
    if (cn->id.idx != CN_IDX_PROC || cn->id.val != CN_VAL_PROC) continue;
    size_t header = offsetof(struct proc_event, event_data);
    if (cn->len < header) continue;
    parse_event(batch, (const struct proc_event *)cn->data, cn->len - header);
  }
}

static void set_int(napi_env env, napi_value obj, const char *key, int64_t value) {
  napi_value v;
  napi_create_int64(env, value, &v);
  napi_set_named_property(env, obj, key, v);
}

static void set_text(napi_env env, napi_value obj, const char *key, const char *text, size_t len) {
  napi_value v;
  napi_create_string_utf8(env, text, len, &v);
  napi_set_named_property(env, obj, key, v);
}

static const char *const what_names[] = { "", "exec", "fork", "exit" };
static const char *const id_names[] = { "uid", "euid", "suid", "fsuid", "gid", "egid", "sgid", "fsgid" };

static napi_value record_to_js(napi_env env, const proc_record *r) {
  napi_value obj, v;
  napi_create_object(env, &obj);
  set_text(env, obj, "what", what_names[r->what], NAPI_AUTO_LENGTH);
  set_int(env, obj, "pid", r->pid);
  set_int(env, obj, "tgid", r->tgid);
  set_int(env, obj, "ppid", r->ppid);
  set_int(env, obj, "ptgid", r->ptgid);
  set_int(env, obj, "exitCode", r->exit_code);
  set_int(env, obj, "exitSignal", r->exit_signal);
  napi_create_double(env, (double)r->time_ns, &v);
  napi_set_named_property(env, obj, "time", v);
  if (!r->has_info) return obj;
  if (r->exe != NULL) set_text(env, obj, "exe", r->exe, NAPI_AUTO_LENGTH);
  if (r->exe != NULL) set_text(env, obj, "exeSource", r->exe_from_fanotify ? "fanotify" : "proc", NAPI_AUTO_LENGTH);
  if (r->cwd != NULL) set_text(env, obj, "cwd", r->cwd, NAPI_AUTO_LENGTH);
  if (r->cmdline != NULL) set_text(env, obj, "cmdline", r->cmdline, r->cmdline_len);
  for (int i = 0; i < 8; i++) {
    if (r->ids[i] >= 0) set_int(env, obj, id_names[i], r->ids[i]);
  }
  if (r->auid >= 0) set_int(env, obj, "auid", r->auid);
  return obj;
}

napi_value proc_records_to_js(napi_env env, const nl_batch *batch) {
  napi_value array;
  const proc_record *items = batch->items;
  napi_create_array_with_length(env, batch->count, &array);
  for (size_t i = 0; i < batch->count; i++) napi_set_element(env, array, (uint32_t)i, record_to_js(env, &items[i]));
  return array;
}
