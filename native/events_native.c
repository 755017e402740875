/* Shared helpers of the kernel event sources; see events_native.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "events_native.h"

napi_value osprey_errno_error(napi_env env, const char *what, const char *path, int errnum) {
  char message[4352];
  const char *name = strerrorname_np(errnum);
  if (name == NULL) name = "EUNKNOWN";
  if (path != NULL && path[0] != '\0') {
    snprintf(message, sizeof(message), "%s %s: %s (%s)", what, path, strerror(errnum), name);
  } else {
    snprintf(message, sizeof(message), "%s: %s (%s)", what, strerror(errnum), name);
  }
  napi_value error, text, code, num, where;
  napi_create_string_utf8(env, message, NAPI_AUTO_LENGTH, &text);
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &code);
  napi_create_error(env, code, text, &error);
  napi_set_named_property(env, error, "code", code);
  napi_create_int32(env, -errnum, &num);
  napi_set_named_property(env, error, "errno", num);
  napi_create_string_utf8(env, what, NAPI_AUTO_LENGTH, &where);
  napi_set_named_property(env, error, "syscall", where);
  if (path != NULL && path[0] != '\0') {
    napi_value p;
    napi_create_string_utf8(env, path, NAPI_AUTO_LENGTH, &p);
    napi_set_named_property(env, error, "path", p);
  }
  return error;
}

void osprey_call_js(napi_env env, napi_async_context async, napi_ref fn, napi_value arg) {
  napi_value callback, global, ignored;
  if (fn == NULL || napi_get_reference_value(env, fn, &callback) != napi_ok || callback == NULL) return;
  napi_get_global(env, &global);
  if (napi_make_callback(env, async, global, callback, 1, &arg, &ignored) == napi_pending_exception) {
    napi_value exception;
    napi_get_and_clear_last_exception(env, &exception);
    napi_fatal_exception(env, exception);
  }
}

int osprey_is_function(napi_env env, napi_value value) {
  napi_valuetype t = napi_undefined;
  if (value == NULL || napi_typeof(env, value, &t) != napi_ok) return 0;
  return t == napi_function;
}
