/*
 * Extended attributes for the extended_attributes table: listxattr(2) and getxattr(2), which Node's fs lacks.
 * xattrList(path) -> string[]; xattrGet(path, name) -> Buffer. Failures throw errno errors like Node's fs
 * (ENODATA for a vanished attribute, ENOTSUP where the filesystem has none).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>

#include <node_api.h>

#include "events_native.h"

#define PATH_ARG_MAX 4096

static int string_arg(napi_env env, napi_value value, char *out, size_t size) {
  size_t length = 0;
  if (napi_get_value_string_utf8(env, value, out, size, &length) != napi_ok) return 0;
  return length < size - 1;
}

/* Calls list/get with a growing buffer: the size query and the read can race with a writer. */
static ssize_t read_grow(const char *path, const char *name, char **out) {
  for (int attempt = 0; attempt < 4; attempt++) {
    ssize_t size = name == NULL ? listxattr(path, NULL, 0) : getxattr(path, name, NULL, 0);
    if (size < 0) return -1;
    char *buf = malloc(size > 0 ? (size_t)size : 1);
    if (buf == NULL) { errno = ENOMEM; return -1; }
    ssize_t got = name == NULL ? listxattr(path, buf, (size_t)size) : getxattr(path, name, buf, (size_t)size);
    if (got >= 0) { *out = buf; return got; }
    free(buf);
    if (errno != ERANGE) return -1;
  }
  errno = ERANGE;
  return -1;
}

static napi_value xattr_list(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char path[PATH_ARG_MAX];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || !string_arg(env, argv[0], path, sizeof path)) {
    napi_throw_type_error(env, NULL, "xattrList(path): path must be a string");
    return NULL;
  }
  char *names = NULL;
  ssize_t size = read_grow(path, NULL, &names);
  if (size < 0) {
    napi_throw(env, osprey_errno_error(env, "listxattr", path, errno));
    return NULL;
  }
  napi_value result;
  napi_create_array(env, &result);
  uint32_t index = 0;
  for (ssize_t at = 0; at < size;) {
    size_t length = strnlen(names + at, (size_t)(size - at));
    napi_value name;
    napi_create_string_utf8(env, names + at, length, &name);
    napi_set_element(env, result, index++, name);
    at += (ssize_t)length + 1;
  }
  free(names);
  return result;
}

static napi_value xattr_get(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  char path[PATH_ARG_MAX];
  char name[256];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || !string_arg(env, argv[0], path, sizeof path) || !string_arg(env, argv[1], name, sizeof name)) {
    napi_throw_type_error(env, NULL, "xattrGet(path, name): path and name must be strings");
    return NULL;
  }
  char *value = NULL;
  ssize_t size = read_grow(path, name, &value);
  if (size < 0) {
    napi_throw(env, osprey_errno_error(env, "getxattr", path, errno));
    return NULL;
  }
  napi_value result;
  napi_create_buffer_copy(env, (size_t)size, value, NULL, &result);
  free(value);
  return result;
}

void osprey_define_xattr(napi_env env, napi_value exports) {
  napi_property_descriptor props[] = {
    { "xattrList", NULL, xattr_list, NULL, NULL, NULL, napi_default, NULL },
    { "xattrGet", NULL, xattr_get, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
}
