/*
 * Netlink sockets for the process and socket event tables, read by one thread per socket (see netlink.h).
 *
 *   procConnectorOpen(onBatch) -> handle        NETLINK_CONNECTOR, joined to CN_IDX_PROC, reading at once
 *   auditOpen(), auditRequest(...), auditStart(...)   NETLINK_AUDIT, in audit.c
 *   ueventOpen(group, onBatch) -> handle        NETLINK_KOBJECT_UEVENT, in uevent.c
 *   netlinkClose(handle)
 *
 * onBatch(records, lost, error): lost counts ENOBUFS (the kernel dropped messages); error ends the source.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>
#include "events_native.h"
#include "netlink.h"

enum { MESSAGES_PER_BATCH = 512, FIRST_AUDIT_RECORD = 1100 };


void *nl_batch_push(nl_batch *batch, size_t item_size) {
  if (batch->count == batch->cap) {
    size_t cap = batch->cap == 0 ? 64 : batch->cap * 2;
    void *grown = realloc(batch->items, cap * item_size);
    if (grown == NULL) return NULL;
    batch->items = grown;
    batch->cap = cap;
  }
  return (char *)batch->items + item_size * batch->count++;
}

void nl_batch_free(nl_batch *batch) {
  for (size_t i = 0; i < batch->count; i++) {
    if (batch->kind == NL_PROC) {
      proc_record *r = (proc_record *)batch->items + i;
      free(r->exe); free(r->cwd); free(r->cmdline);
    } else {
      free(((audit_record *)batch->items + i)->text);
    }
  }
  free(batch->items);
  free(batch);
}

/* Kernel audit records set nlmsg_len to the text length alone (a long-standing quirk): trust the datagram size. */
static void audit_parse(nl_batch *batch, const char *buf, size_t len) {
  if (len < NLMSG_HDRLEN) return;
  const struct nlmsghdr *nl = (const struct nlmsghdr *)buf;
  if (nl->nlmsg_type < FIRST_AUDIT_RECORD) return;
  size_t text_len = len - NLMSG_HDRLEN;
  const char *text = buf + NLMSG_HDRLEN;
  while (text_len > 0 && text[text_len - 1] == '\0') text_len--;
  audit_record *slot = nl_batch_push(batch, sizeof(audit_record));
  if (slot == NULL) return;
  slot->type = nl->nlmsg_type;
  slot->text = strndup(text, text_len);
  slot->len = slot->text == NULL ? 0 : strlen(slot->text);
}

/* Reads what is waiting (up to a batch); returns the batch, or NULL when the source is stopping. */
static nl_batch *read_batch(nl_source *src, char *buf, size_t cap) {
  struct pollfd fds[2] = { { src->fd, POLLIN, 0 }, { src->stop_fd, POLLIN, 0 } };
  while (poll(fds, 2, -1) < 0) {
    if (errno != EINTR) return NULL;
  }
  if (fds[1].revents != 0) return NULL;
  nl_batch *batch = calloc(1, sizeof(nl_batch));
  if (batch == NULL) return NULL;
  batch->kind = src->kind;
  for (int i = 0; i < MESSAGES_PER_BATCH; i++) {
    ssize_t got = recv(src->fd, buf, cap, MSG_DONTWAIT);
    if (got < 0) {
      if (errno == ENOBUFS) { batch->lost++; continue; }
      if (errno != EAGAIN && errno != EINTR) batch->error = errno;
      break;
    }
    if (src->kind == NL_PROC) proc_parse(batch, buf, (size_t)got);
    else if (src->kind == NL_UEVENT) uevent_parse(batch, buf, (size_t)got);
    else audit_parse(batch, buf, (size_t)got);
  }
  /* After /proc was read for every exec (time matters there), not before: fanotify's opens cannot be late. */
  if (src->fan != NULL) proc_join_exec_paths(batch, src->fan);
  return batch;
}

/*
 * The proc reader must run the moment an exec is reported, before a short-lived process exits and its /proc
 * entries empty: ask for a real-time slot (root only, and it sleeps in poll between wakeups), else the best nice.
 */
static void raise_priority(void) {
  struct sched_param param = { .sched_priority = 1 };
  if (pthread_setschedparam(pthread_self(), SCHED_FIFO, &param) == 0) return;
  if (setpriority(PRIO_PROCESS, (id_t)gettid(), -20) != 0) { /* unprivileged: stay at the default */ }
}

static void *reader_main(void *arg) {
  nl_source *src = arg;
  if (src->kind == NL_PROC) raise_priority();
  char *buf = malloc(65536);
  for (nl_batch *batch; buf != NULL && (batch = read_batch(src, buf, 65536)) != NULL;) {
    int error = batch->error;
    if (batch->count == 0 && batch->lost == 0 && batch->exec_lost == 0 && error == 0) { nl_batch_free(batch); continue; }
    if (napi_call_threadsafe_function(src->tsfn, batch, napi_tsfn_nonblocking) != napi_ok) nl_batch_free(batch);
    if (error != 0) break;
  }
  free(buf);
  return NULL;
}

/* On the JS thread: converts one batch and calls onBatch(records, lost, error, execLost). */
static void deliver(napi_env env, napi_value callback, void *context, void *data) {
  (void)context;
  nl_batch *batch = data;
  if (env == NULL || callback == NULL) { nl_batch_free(batch); return; }
  napi_value argv[4], global, ignored;
  if (batch->kind == NL_PROC) {
    argv[0] = proc_records_to_js(env, batch);
  } else {
    const audit_record *items = batch->items;
    napi_create_array_with_length(env, batch->count, &argv[0]);
    for (size_t i = 0; i < batch->count; i++) {
      napi_value obj, v;
      napi_create_object(env, &obj);
      napi_create_uint32(env, items[i].type, &v);
      napi_set_named_property(env, obj, "type", v);
      napi_create_string_utf8(env, items[i].text != NULL ? items[i].text : "", items[i].text != NULL ? items[i].len : 0, &v);
      napi_set_named_property(env, obj, "text", v);
      napi_set_element(env, argv[0], (uint32_t)i, obj);
    }
  }
  napi_create_uint32(env, batch->lost, &argv[1]);
  if (batch->error != 0) argv[2] = osprey_errno_error(env, "netlink recv", "", batch->error);
  else napi_get_null(env, &argv[2]);
  napi_create_uint32(env, batch->exec_lost, &argv[3]);
  nl_batch_free(batch);
  napi_get_global(env, &global);
  if (napi_call_function(env, global, callback, 4, argv, &ignored) == napi_pending_exception) {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_fatal_exception(env, exception);
  }
}

static void stop_source(nl_source *src) {
  if (src->closed) return;
  src->closed = 1;
  if (src->started) {
    uint64_t one = 1;
    if (write(src->stop_fd, &one, sizeof(one)) < 0) { /* an eventfd write cannot fail here */ }
    pthread_join(src->thread, NULL);
    /* Batches still queued are delivered (and ignored by the closed JS side), then freed. */
    napi_release_threadsafe_function(src->tsfn, napi_tsfn_release);
  }
  if (src->kind == NL_PROC) proc_listen(src->fd, 0);
  fan_exec_free(src->fan);
  src->fan = NULL;
  close(src->fd);
  close(src->stop_fd);
  if (src->self != NULL) napi_delete_reference(src->env, src->self);
  src->self = NULL;
}

static void cleanup_hook(void *arg) { stop_source(arg); }

static void finalize_source(napi_env env, void *data, void *hint) {
  (void)hint;
  nl_source *src = data;
  if (!src->closed) { napi_remove_env_cleanup_hook(env, cleanup_hook, src); stop_source(src); }
  free(src);
}

napi_value nl_new_source(napi_env env, int kind, int fd) {
  napi_value handle;
  nl_source *src = calloc(1, sizeof(nl_source));
  int stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (src == NULL || stop_fd < 0) {
    free(src);
    close(fd);
    if (stop_fd >= 0) close(stop_fd);
    napi_throw_error(env, NULL, "netlink: out of memory or descriptors");
    return NULL;
  }
  src->kind = kind;
  src->fd = fd;
  src->stop_fd = stop_fd;
  src->env = env;
  napi_create_external(env, src, finalize_source, NULL, &handle);
  napi_create_reference(env, handle, 1, &src->self);
  napi_add_env_cleanup_hook(env, cleanup_hook, src);
  return handle;
}

nl_source *nl_source_of(napi_env env, napi_value handle, int kind) {
  nl_source *src = NULL;
  if (napi_get_value_external(env, handle, (void **)&src) != napi_ok || src == NULL || src->kind != kind) {
    napi_throw_type_error(env, NULL, "expected a netlink handle of the right kind");
    return NULL;
  }
  if (src->closed) { napi_throw_error(env, "EBADF", "the netlink socket is closed"); return NULL; }
  return src;
}

int nl_start_reader(napi_env env, nl_source *src, napi_value callback, const char *name) {
  napi_value resource;
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &resource);
  if (napi_create_threadsafe_function(env, callback, NULL, resource, 0, 1, NULL, NULL, NULL, deliver, &src->tsfn) !=
      napi_ok) {
    napi_throw_error(env, NULL, "netlink: cannot create the delivery function");
    return -1;
  }
  int rc = pthread_create(&src->thread, NULL, reader_main, src);
  if (rc != 0) {
    napi_release_threadsafe_function(src->tsfn, napi_tsfn_abort);
    napi_throw(env, osprey_errno_error(env, "pthread_create", "", rc));
    return -1;
  }
  src->started = 1;
  return 0;
}

/* procConnectorOpen(onBatch, fanotifyFd?): the fd (from fanotifyExecOpen) is owned from here on, even on failure. */
static napi_value proc_connector_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fan_fd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 2 && napi_get_value_int32(env, argv[1], &fan_fd) != napi_ok) fan_fd = -1;
  if (!osprey_is_function(env, argc >= 1 ? argv[0] : NULL)) {
    if (fan_fd >= 0) close(fan_fd);
    napi_throw_type_error(env, NULL, "procConnectorOpen expects an onBatch function");
    return NULL;
  }
  int fd = socket(PF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_CONNECTOR);
  if (fd < 0) {
    if (fan_fd >= 0) close(fan_fd);
    napi_throw(env, osprey_errno_error(env, "socket", "", errno));
    return NULL;
  }
  /* Bursts of forks overflow the default buffer; root may raise it past rmem_max (ignored when not allowed). */
  int size = RECV_BUFFER;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof(size)) != 0) {
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
  }
  struct sockaddr_nl addr = { .nl_family = AF_NETLINK, .nl_groups = 1 /* CN_IDX_PROC */, .nl_pid = 0 };
  const char *step = "bind";
  if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 || (step = "listen", proc_listen(fd, 1)) != 0) {
    int saved = errno;
    close(fd);
    if (fan_fd >= 0) close(fan_fd);
    napi_throw(env, osprey_errno_error(env, step, "", saved));
    return NULL;
  }
  napi_value handle = nl_new_source(env, NL_PROC, fd);
  if (handle == NULL) { if (fan_fd >= 0) close(fan_fd); return NULL; }
  nl_source *src = nl_source_of(env, handle, NL_PROC);
  /* Before the reader starts: only that thread touches the cache afterwards. Out of memory: paths from /proc only. */
  if (src != NULL && fan_fd >= 0) src->fan = fan_exec_new(fan_fd);
  if (src == NULL || nl_start_reader(env, src, argv[0], "osprey.proc_connector") != 0) return NULL;
  return handle;
}

static napi_value netlink_close(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  nl_source *src = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_external(env, argv[0], (void **)&src) != napi_ok || src == NULL) return NULL;
  if (!src->closed) { napi_remove_env_cleanup_hook(env, cleanup_hook, src); stop_source(src); }
  return NULL;
}

void osprey_define_netlink(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "procConnectorOpen", NULL, proc_connector_open, NULL, NULL, NULL, napi_default, NULL },
    { "auditOpen", NULL, osprey_audit_open, NULL, NULL, NULL, napi_default, NULL },
    { "auditRequest", NULL, osprey_audit_request, NULL, NULL, NULL, napi_default, NULL },
    { "auditStart", NULL, osprey_audit_start, NULL, NULL, NULL, napi_default, NULL },
    { "ueventOpen", NULL, osprey_uevent_open, NULL, NULL, NULL, napi_default, NULL },
    { "netlinkClose", NULL, netlink_close, NULL, NULL, NULL, napi_default, NULL },
    { "rtnetlinkDump", NULL, osprey_rtnetlink_dump, NULL, NULL, NULL, napi_default, NULL },
    { "fanotifyExecOpen", NULL, osprey_fanotify_exec_open, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
