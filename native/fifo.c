/*
 * The two calls syslog_events needs that Node lacks:
 *   fifoCreate(path, mode)   mkfifo(2), then chmod to exactly `mode` (the umask would narrow it)
 *   flockExclusive(fd)       flock(2) LOCK_EX|LOCK_NB: false when another process holds the lock
 */
#include <errno.h>
#include <sys/file.h>
#include <sys/stat.h>
#include "events_native.h"

static napi_value fifo_create(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char path[4096];
  size_t len = 0;
  uint32_t mode = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_string_utf8(env, argv[0], path, sizeof(path), &len) != napi_ok ||
      napi_get_value_uint32(env, argv[1], &mode) != napi_ok) {
    napi_throw_type_error(env, NULL, "fifoCreate expects (path, mode)");
    return NULL;
  }
  if (mkfifo(path, (mode_t)mode) != 0) { napi_throw(env, osprey_errno_error(env, "mkfifo", path, errno)); return NULL; }
  if (chmod(path, (mode_t)mode) != 0) { napi_throw(env, osprey_errno_error(env, "chmod", path, errno)); return NULL; }
  return NULL;
}

static napi_value flock_exclusive(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], result;
  int32_t fd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok) {
    napi_throw_type_error(env, NULL, "flockExclusive expects (fd)");
    return NULL;
  }
  int rc = flock(fd, LOCK_EX | LOCK_NB);
  if (rc != 0 && errno != EWOULDBLOCK) { napi_throw(env, osprey_errno_error(env, "flock", "", errno)); return NULL; }
  napi_get_boolean(env, rc == 0, &result);
  return result;
}

void osprey_define_fifo(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "fifoCreate", NULL, fifo_create, NULL, NULL, NULL, napi_default, NULL },
    { "flockExclusive", NULL, flock_exclusive, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
