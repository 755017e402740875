/*
 * inotify for the event tables (file_events, yara_events). The descriptor is non-blocking and watched by a libuv
 * poll handle on Node's own loop, so events are read and parsed here in C and handed to JS as one array per wakeup
 * without a thread and without ever blocking the loop. close() stops the handle, so the process can exit.
 *
 *   inotifyOpen(onEvents(events[]), onError(err)) -> handle
 *   inotifyAddWatch(handle, path, mask) -> wd      (throws Error with .code = 'ENOENT' etc. and .path)
 *   inotifyRemoveWatch(handle, wd)
 *   inotifyClose(handle)
 */
#include <errno.h>
#include <limits.h>
#include <node_api.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>
#include <uv.h>
#include "events_native.h"

typedef struct {
  uv_poll_t *poll;       /* freed by its own close callback; poll->data points back here */
  napi_env env;
  napi_ref self;         /* keeps the JS handle alive while open, as an open socket stays alive */
  int fd;
  int closed;
  napi_ref on_events;
  napi_ref on_error;
  napi_async_context async;
} inotify_source;

/* Reads at most this many buffers per wakeup so a flood of events cannot starve the rest of the loop. */
enum { READS_PER_WAKEUP = 16 };

static napi_value event_object(napi_env env, const struct inotify_event *ev) {
  napi_value obj, v;
  napi_create_object(env, &obj);
  napi_create_int32(env, ev->wd, &v);
  napi_set_named_property(env, obj, "wd", v);
  napi_create_uint32(env, ev->mask, &v);
  napi_set_named_property(env, obj, "mask", v);
  napi_create_uint32(env, ev->cookie, &v);
  napi_set_named_property(env, obj, "cookie", v);
  /* name is NUL-padded to len; absent (len 0) for events on the watched path itself. */
  napi_create_string_utf8(env, ev->len > 0 ? ev->name : "", ev->len > 0 ? strnlen(ev->name, ev->len) : 0, &v);
  napi_set_named_property(env, obj, "name", v);
  return obj;
}

/* Appends every event in buf[0..len) to the array; returns the new length. */
static uint32_t parse_events(napi_env env, const char *buf, ssize_t len, napi_value array, uint32_t n) {
  for (const char *p = buf; p + (ssize_t)sizeof(struct inotify_event) <= buf + len;) {
    const struct inotify_event *ev = (const struct inotify_event *)p;
    napi_set_element(env, array, n++, event_object(env, ev));
    p += sizeof(struct inotify_event) + ev->len;
  }
  return n;
}

static void on_readable(uv_poll_t *handle, int status, int events) {
  (void)events;
  inotify_source *src = handle->data;
  napi_env env = src->env;
  napi_handle_scope scope;
  napi_open_handle_scope(env, &scope);
  if (status < 0) {
    osprey_call_js(env, src->async, src->on_error, osprey_errno_error(env, "inotify poll", "", -status));
    napi_close_handle_scope(env, scope);
    return;
  }
  /* Aligned as the kernel expects for struct inotify_event. */
  char buf[65536] __attribute__((aligned(__alignof__(struct inotify_event))));
  napi_value array;
  napi_create_array(env, &array);
  uint32_t n = 0;
  int read_error = 0;
  for (int i = 0; i < READS_PER_WAKEUP; i++) {
    ssize_t got = read(src->fd, buf, sizeof(buf));
    if (got < 0) {
      if (errno != EAGAIN && errno != EINTR) read_error = errno;
      break;
    }
    n = parse_events(env, buf, got, array, n);
  }
  if (n > 0) osprey_call_js(env, src->async, src->on_events, array);
  if (read_error != 0 && !src->closed) {
    osprey_call_js(env, src->async, src->on_error, osprey_errno_error(env, "inotify read", "", read_error));
  }
  napi_close_handle_scope(env, scope);
}

static void free_after_close(uv_handle_t *handle) { free(handle); }

static void close_source(inotify_source *src) {
  if (src->closed) return;
  src->closed = 1;
  uv_poll_stop(src->poll);
  uv_close((uv_handle_t *)src->poll, free_after_close);
  close(src->fd);
  napi_delete_reference(src->env, src->on_events);
  if (src->on_error != NULL) napi_delete_reference(src->env, src->on_error);
  if (src->self != NULL) napi_delete_reference(src->env, src->self);
  napi_async_destroy(src->env, src->async);
}

/* Env teardown (process exit, worker end) with the source still open. */
static void cleanup_hook(void *arg) { close_source((inotify_source *)arg); }

/* The JS handle is collected: only after close, or at env teardown (then close first). */
static void finalize_source(napi_env env, void *data, void *hint) {
  (void)hint;
  inotify_source *src = data;
  if (!src->closed) {
    napi_remove_env_cleanup_hook(env, cleanup_hook, src);
    close_source(src);
  }
  free(src);
}

static inotify_source *source_of(napi_env env, napi_value handle) {
  inotify_source *src = NULL;
  if (napi_get_value_external(env, handle, (void **)&src) != napi_ok || src == NULL) {
    napi_throw_type_error(env, NULL, "expected an inotify handle");
    return NULL;
  }
  if (src->closed) {
    napi_throw_error(env, "EBADF", "the inotify instance is closed");
    return NULL;
  }
  return src;
}

static napi_value inotify_open(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2], result, name;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (!osprey_is_function(env, argc >= 1 ? argv[0] : NULL)) {
    napi_throw_type_error(env, NULL, "inotifyOpen expects an onEvents function");
    return NULL;
  }
  int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0) {
    napi_throw(env, osprey_errno_error(env, "inotify_init1", "", errno));
    return NULL;
  }
  inotify_source *src = calloc(1, sizeof(inotify_source));
  uv_poll_t *poll = calloc(1, sizeof(uv_poll_t));
  uv_loop_t *loop = NULL;
  if (src == NULL || poll == NULL || napi_get_uv_event_loop(env, &loop) != napi_ok || uv_poll_init(loop, poll, fd) != 0) {
    close(fd);
    free(src);
    free(poll);
    napi_throw_error(env, NULL, "inotify: cannot watch the descriptor on the event loop");
    return NULL;
  }
  poll->data = src;
  src->poll = poll;
  src->env = env;
  src->fd = fd;
  napi_create_reference(env, argv[0], 1, &src->on_events);
  if (argc >= 2 && osprey_is_function(env, argv[1])) napi_create_reference(env, argv[1], 1, &src->on_error);
  napi_create_string_utf8(env, "osprey.inotify", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, NULL, name, &src->async);
  uv_poll_start(poll, UV_READABLE, on_readable);
  napi_add_env_cleanup_hook(env, cleanup_hook, src);
  napi_create_external(env, src, finalize_source, NULL, &result);
  napi_create_reference(env, result, 1, &src->self);
  return result;
}

static napi_value inotify_add_watch_js(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3], result;
  char path[PATH_MAX];
  size_t len = 0;
  uint32_t mask = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 3) {
    napi_throw_type_error(env, NULL, "inotifyAddWatch expects (handle, path, mask)");
    return NULL;
  }
  inotify_source *src = source_of(env, argv[0]);
  if (src == NULL) return NULL;
  if (napi_get_value_string_utf8(env, argv[1], path, sizeof(path), &len) != napi_ok || len >= sizeof(path) - 1 ||
      napi_get_value_uint32(env, argv[2], &mask) != napi_ok) {
    napi_throw_type_error(env, NULL, "inotifyAddWatch expects a path shorter than PATH_MAX and a numeric mask");
    return NULL;
  }
  int wd = inotify_add_watch(src->fd, path, mask);
  if (wd < 0) {
    napi_throw(env, osprey_errno_error(env, "inotify_add_watch", path, errno));
    return NULL;
  }
  napi_create_int32(env, wd, &result);
  return result;
}

static napi_value inotify_remove_watch_js(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t wd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_int32(env, argv[1], &wd) != napi_ok) {
    napi_throw_type_error(env, NULL, "inotifyRemoveWatch expects (handle, wd)");
    return NULL;
  }
  inotify_source *src = source_of(env, argv[0]);
  if (src == NULL) return NULL;
  /* EINVAL: the watch is already gone (its file was deleted and IN_IGNORED sent); nothing to undo. */
  if (inotify_rm_watch(src->fd, wd) != 0 && errno != EINVAL) {
    char what[32];
    snprintf(what, sizeof(what), "wd %d", wd);
    napi_throw(env, osprey_errno_error(env, "inotify_rm_watch", what, errno));
  }
  return NULL;
}

static napi_value inotify_close_js(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  inotify_source *src = NULL;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_external(env, argv[0], (void **)&src) != napi_ok || src == NULL) return NULL;
  if (!src->closed) {
    napi_remove_env_cleanup_hook(env, cleanup_hook, src);
    close_source(src);
  }
  return NULL;
}

void osprey_define_inotify(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "inotifyOpen", NULL, inotify_open, NULL, NULL, NULL, napi_default, NULL },
    { "inotifyAddWatch", NULL, inotify_add_watch_js, NULL, NULL, NULL, napi_default, NULL },
    { "inotifyRemoveWatch", NULL, inotify_remove_watch_js, NULL, NULL, NULL, napi_default, NULL },
    { "inotifyClose", NULL, inotify_close_js, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
