/*
 * Entry points. As a Node addon: setDispatcher(fn) keeps the JS function every scan calls, takeRequiredFailure()
 * tells which table refused all plans for lack of a required column. As a SQLite extension (sqlite3_extension_init):
 * puts the connection in osquery's SQL dialect (dialect.c) and registers osprey_register_table(...) /
 * osprey_unregister_table(name) on it, plus the version collations.
 */
#include <stdlib.h>
#include <string.h>
#include "osprey.h"
#include "events_native.h"

SQLITE_EXTENSION_INIT1

extern _Thread_local napi_env osprey_env;
extern _Thread_local napi_ref osprey_dispatcher;

/* Per thread: each Node thread (main or worker) has its own env, dispatcher and engine connections. */
static _Thread_local char required_failure[256];
/* Names of the tables SQLite planned since the last takePlannedTables(), '\n'-separated. */
static _Thread_local char planned[8192];
static _Thread_local size_t planned_len;

void osprey_note_required_failure(const char *table) {
  strncpy(required_failure, table, sizeof(required_failure) - 1);
  required_failure[sizeof(required_failure) - 1] = '\0';
}

void osprey_note_planned(const char *table) {
  size_t n = strlen(table);
  for (const char *p = planned; p < planned + planned_len;) {
    const char *end = memchr(p, '\n', (size_t)(planned + planned_len - p));
    if (end == NULL) break;
    if ((size_t)(end - p) == n && memcmp(p, table, n) == 0) return;
    p = end + 1;
  }
  if (planned_len + n + 1 >= sizeof(planned)) return;
  memcpy(planned + planned_len, table, n);
  planned[planned_len + n] = '\n';
  planned_len += n + 1;
}

/* ---- SQLite side ---- */

static char *dup_text(sqlite3_value *v) {
  const unsigned char *text = sqlite3_value_text(v);
  return text == NULL ? NULL : strdup((const char *)text);
}

/* osprey_register_table(name, create_sql, id, types, flags) */
static void fn_register_table(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  table_def *def = calloc(1, sizeof(table_def));
  if (def == NULL) { sqlite3_result_error_nomem(ctx); return; }
  def->name = dup_text(argv[0]);
  def->create_sql = dup_text(argv[1]);
  def->id = sqlite3_value_int(argv[2]);
  def->types = dup_text(argv[3]);
  def->flags = dup_text(argv[4]);
  if (def->name == NULL || def->create_sql == NULL || def->types == NULL || def->flags == NULL ||
      strlen(def->types) != strlen(def->flags) || strlen(def->types) == 0) {
    free(def->name); free(def->create_sql); free(def->types); free(def->flags); free(def);
    sqlite3_result_error(ctx, "osprey_register_table: bad arguments", -1);
    return;
  }
  def->ncol = (int)strlen(def->types);
  /* On failure SQLite calls the destructor itself, so def is not freed here. */
  int rc = osprey_register_module(sqlite3_context_db_handle(ctx), def);
  if (rc != SQLITE_OK) { sqlite3_result_error_code(ctx, rc); return; }
  sqlite3_result_int(ctx, 1);
}

/* A NULL module drops the module of that name and its eponymous table. */
static void fn_unregister_table(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const char *name = (const char *)sqlite3_value_text(argv[0]);
  if (name == NULL) { sqlite3_result_error(ctx, "osprey_unregister_table: no name", -1); return; }
  int rc = sqlite3_create_module_v2(sqlite3_context_db_handle(ctx), name, NULL, NULL, NULL);
  if (rc != SQLITE_OK) { sqlite3_result_error_code(ctx, rc); return; }
  sqlite3_result_int(ctx, 1);
}

__attribute__((visibility("default")))
int sqlite3_extension_init(sqlite3 *db, char **err, const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  (void)err;
  /* First, so every statement on this connection (the alias views too) is read in osquery's dialect. */
  int rc = osprey_configure_dialect(db);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "osprey_register_table", 5, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                                   fn_register_table, NULL, NULL);
  if (rc == SQLITE_OK) {
    rc = sqlite3_create_function(db, "osprey_unregister_table", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL,
                                 fn_unregister_table, NULL, NULL);
  }
  if (rc == SQLITE_OK) rc = osprey_register_collations(db);
  if (rc == SQLITE_OK) rc = osprey_install_authorizer(db);
  return rc;
}

/* ---- Node side ---- */

static napi_value set_dispatcher(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_valuetype t = napi_undefined;
  if (argc >= 1) napi_typeof(env, argv[0], &t);
  if (t != napi_function) {
    napi_throw_type_error(env, NULL, "setDispatcher expects a function");
    return NULL;
  }
  if (osprey_dispatcher != NULL) napi_delete_reference(env, osprey_dispatcher);
  napi_create_reference(env, argv[0], 1, &osprey_dispatcher);
  osprey_env = env;
  return NULL;
}

static napi_value take_required_failure(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  if (required_failure[0] == '\0') {
    napi_get_null(env, &out);
  } else {
    napi_create_string_utf8(env, required_failure, NAPI_AUTO_LENGTH, &out);
    required_failure[0] = '\0';
  }
  return out;
}

static napi_value take_planned_tables(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out;
  napi_create_string_utf8(env, planned, planned_len, &out);
  planned_len = 0;
  return out;
}

static napi_value allow_internal(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool allowed = false;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= 1) napi_get_value_bool(env, argv[0], &allowed);
  osprey_allow_internal(allowed ? 1 : 0);
  return NULL;
}

napi_value osprey_unix_dgram_send(napi_env env, napi_callback_info info);
napi_value osprey_unix_dgram_bind(napi_env env, napi_callback_info info);
napi_value osprey_unix_dgram_receive(napi_env env, napi_callback_info info);
napi_value osprey_unix_dgram_close(napi_env env, napi_callback_info info);

static napi_value init(napi_env env, napi_value exports) {
  osprey_env = env;
  napi_property_descriptor props[] = {
    { "setDispatcher", NULL, set_dispatcher, NULL, NULL, NULL, napi_default, NULL },
    { "takeRequiredFailure", NULL, take_required_failure, NULL, NULL, NULL, napi_default, NULL },
    { "takePlannedTables", NULL, take_planned_tables, NULL, NULL, NULL, napi_default, NULL },
    { "allowInternal", NULL, allow_internal, NULL, NULL, NULL, napi_default, NULL },
    { "unixDgramSend", NULL, osprey_unix_dgram_send, NULL, NULL, NULL, napi_default, NULL },
    { "unixDgramBind", NULL, osprey_unix_dgram_bind, NULL, NULL, NULL, napi_default, NULL },
    { "unixDgramReceive", NULL, osprey_unix_dgram_receive, NULL, NULL, NULL, napi_default, NULL },
    { "unixDgramClose", NULL, osprey_unix_dgram_close, NULL, NULL, NULL, napi_default, NULL },
  };
  napi_define_properties(env, exports, sizeof(props) / sizeof(props[0]), props);
  osprey_define_inotify(env, exports);
  osprey_define_netlink(env, exports);
  osprey_define_fifo(env, exports);
  osprey_define_xattr(env, exports);
  osprey_define_dirstat(env, exports);
  osprey_define_mode_walk(env, exports);
  osprey_define_trim(env, exports);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
