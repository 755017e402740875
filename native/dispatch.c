/*
 * The bridge from xFilter to JS: calls the dispatcher the addon was given (synchronously, on the thread that is
 * running the query, inside a handle scope) and decodes the flat array of typed values it returns into C cells.
 */
#include <stdlib.h>
#include <string.h>
#include "osprey.h"

SQLITE_EXTENSION_INIT3

/* Per thread: SQLite runs xFilter on the thread whose JS called into the query. */
_Thread_local napi_env osprey_env = NULL;
_Thread_local napi_ref osprey_dispatcher = NULL;

void row_set_clear(row_set *rows) {
  free(rows->cells);
  free(rows->text);
  memset(rows, 0, sizeof(*rows));
}

static int reserve_text(row_set *rows, size_t need) {
  if (rows->text_cap - rows->text_len >= need) return 1;
  size_t cap = rows->text_cap == 0 ? 65536 : rows->text_cap;
  while (cap - rows->text_len < need) cap *= 2;
  char *grown = realloc(rows->text, cap);
  if (grown == NULL) return 0;
  rows->text = grown;
  rows->text_cap = cap;
  return 1;
}

/* Copies a JS string into the arena with one N-API call when it fits the free space, two when it does not. */
static int decode_string(napi_env env, napi_value v, row_set *rows, cell *c) {
  if (!reserve_text(rows, 256)) return 0;
  size_t room = rows->text_cap - rows->text_len, copied = 0;
  if (napi_get_value_string_utf8(env, v, rows->text + rows->text_len, room, &copied) != napi_ok) return 0;
  if (copied + 1 >= room) {
    size_t full = 0;
    if (napi_get_value_string_utf8(env, v, NULL, 0, &full) != napi_ok) return 0;
    if (!reserve_text(rows, full + 1)) return 0;
    napi_get_value_string_utf8(env, v, rows->text + rows->text_len, full + 1, &copied);
  }
  c->kind = CELL_TEXT;
  c->len = (uint32_t)copied;
  c->v.offset = rows->text_len;
  rows->text_len += copied;
  return 1;
}

static int decode_cell(napi_env env, napi_value v, char type, row_set *rows, cell *c) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return 0;
  c->kind = CELL_NULL;
  switch (t) {
    case napi_string: return decode_string(env, v, rows, c);
    case napi_number: {
      double d = 0;
      napi_get_value_double(env, v, &d);
      if (type != 'D' && d == (double)(int64_t)d) { c->kind = CELL_INT; c->v.i = (int64_t)d; }
      else { c->kind = CELL_DOUBLE; c->v.d = d; }
      return 1;
    }
    case napi_bigint: {
      bool lossless = false;
      c->kind = CELL_INT;
      napi_get_value_bigint_int64(env, v, &c->v.i, &lossless);
      return 1;
    }
    case napi_boolean: {
      bool b = false;
      napi_get_value_bool(env, v, &b);
      c->kind = CELL_INT;
      c->v.i = b ? 1 : 0;
      return 1;
    }
    default: return 1; /* null, undefined: NULL */
  }
}

static napi_value js_value_of(napi_env env, sqlite3_value *v) {
  napi_value out = NULL;
  switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER: {
      sqlite3_int64 i = sqlite3_value_int64(v);
      if (i > 9007199254740991LL || i < -9007199254740991LL) napi_create_bigint_int64(env, i, &out);
      else napi_create_double(env, (double)i, &out);
      break;
    }
    case SQLITE_FLOAT: napi_create_double(env, sqlite3_value_double(v), &out); break;
    case SQLITE_NULL: napi_get_null(env, &out); break;
    default: {
      const char *text = (const char *)sqlite3_value_text(v);
      napi_create_string_utf8(env, text ? text : "", (size_t)sqlite3_value_bytes(v), &out);
    }
  }
  return out;
}

/* Reads the pending JS exception's message (and clears it) so the query fails with it instead of the process. */
static char *take_exception(napi_env env, const char *table) {
  napi_value error = NULL, message = NULL;
  char buf[1024] = "unknown error";
  size_t len = 0;
  if (napi_get_and_clear_last_exception(env, &error) == napi_ok && error != NULL) {
    bool has = false;
    napi_valuetype t;
    napi_typeof(env, error, &t);
    if (t == napi_object && napi_has_named_property(env, error, "message", &has) == napi_ok && has) {
      napi_get_named_property(env, error, "message", &message);
    } else {
      napi_coerce_to_string(env, error, &message);
    }
    if (message != NULL && napi_coerce_to_string(env, message, &message) == napi_ok) {
      napi_get_value_string_utf8(env, message, buf, sizeof(buf), &len);
    }
  }
  return sqlite3_mprintf("Error generating table %s: %s", table, buf);
}

static napi_value constraints_array(napi_env env, int n, const int *columns, const int *ops, sqlite3_value **values) {
  napi_value arr, num;
  napi_create_array_with_length(env, (size_t)n * 3, &arr);
  for (int i = 0; i < n; i++) {
    napi_create_int32(env, columns[i], &num);
    napi_set_element(env, arr, (uint32_t)(i * 3), num);
    napi_create_int32(env, ops[i], &num);
    napi_set_element(env, arr, (uint32_t)(i * 3 + 1), num);
    napi_set_element(env, arr, (uint32_t)(i * 3 + 2), js_value_of(env, values[i]));
  }
  return arr;
}

/* SQLite's colUsed: bit i = column i; bit 63 stands for every column from 63 on. */
static int column_used(uint64_t col_used, int column) {
  return (int)((col_used >> (column < 63 ? column : 63)) & 1);
}

/* The cells of one chunk (a flat array of whole rows) from cells[first]; unread columns stay NULL. */
static int decode_chunk(napi_env env, const table_def *def, const char *used, napi_value chunk, uint32_t length,
                        row_set *out, size_t first) {
  uint32_t ncol = (uint32_t)def->ncol;
  for (uint32_t i = 0, column = 0; i < length; i++, column = column + 1 == ncol ? 0 : column + 1) {
    if (!used[column]) continue;
    napi_value v;
    if (napi_get_element(env, chunk, i, &v) != napi_ok) return 0;
    if (!decode_cell(env, v, def->types[column], out, &out->cells[first + i])) return 0;
  }
  return 1;
}

/*
 * The rows come as chunks, each a flat array of whole rows in column order (scan.ts): small arrays that V8 allocates
 * in its young generation, where one flat array of every cell would be regrown as a large object, page by page.
 * The JS side sends NULL for every column the query does not read, so those cells are left NULL without reading
 * them: for `SELECT *` over a table with many hidden columns that is most of the N-API calls.
 */
static int decode_rows(napi_env env, const table_def *def, uint64_t col_used, napi_value result, row_set *out) {
  uint32_t nchunks = 0, ncol = (uint32_t)def->ncol;
  bool is_array = false;
  if (ncol == 0 || napi_is_array(env, result, &is_array) != napi_ok || !is_array) return 0;
  napi_get_array_length(env, result, &nchunks);
  napi_value *chunks = calloc(nchunks > 0 ? nchunks : 1, sizeof(napi_value));
  uint32_t *lengths = calloc(nchunks > 0 ? nchunks : 1, sizeof(uint32_t));
  char *used = malloc(ncol);
  int ok = chunks != NULL && lengths != NULL && used != NULL;
  size_t total = 0;
  for (uint32_t i = 0; ok && i < nchunks; i++) {
    ok = napi_get_element(env, result, i, &chunks[i]) == napi_ok &&
         napi_is_array(env, chunks[i], &is_array) == napi_ok && is_array &&
         napi_get_array_length(env, chunks[i], &lengths[i]) == napi_ok && lengths[i] % ncol == 0;
    total += lengths[i];
  }
  for (uint32_t column = 0; ok && column < ncol; column++) used[column] = column_used(col_used, (int)column);
  if (ok) ok = (out->cells = calloc(total > 0 ? total : 1, sizeof(cell))) != NULL; /* zeroed: CELL_NULL */
  size_t first = 0;
  for (uint32_t i = 0; ok && i < nchunks; first += lengths[i], i++) {
    ok = decode_chunk(env, def, used, chunks[i], lengths[i], out, first);
  }
  if (ok) out->ncells = total;
  free(chunks);
  free(lengths);
  free(used);
  return ok;
}

int osprey_dispatch(const table_def *def, int n, const int *columns, const int *ops, sqlite3_value **values,
                    uint64_t col_used, row_set *out, char **err) {
  napi_env env = osprey_env;
  if (env == NULL || osprey_dispatcher == NULL) {
    *err = sqlite3_mprintf("Table %s cannot be scanned: the Osprey engine is not attached", def->name);
    return SQLITE_ERROR;
  }
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) {
    *err = sqlite3_mprintf("Table %s cannot be scanned: no JS scope", def->name);
    return SQLITE_ERROR;
  }
  napi_value fn, global, result, args[4];
  napi_get_reference_value(env, osprey_dispatcher, &fn);
  napi_get_global(env, &global);
  napi_create_int32(env, def->id, &args[0]);
  args[1] = constraints_array(env, n, columns, ops, values);
  napi_create_uint32(env, (uint32_t)(col_used & 0xffffffffu), &args[2]);
  napi_create_uint32(env, (uint32_t)(col_used >> 32), &args[3]);
  int rc = SQLITE_OK;
  napi_status status = napi_call_function(env, global, fn, 4, args, &result);
  if (status != napi_ok) {
    *err = take_exception(env, def->name);
    rc = SQLITE_ERROR;
  } else if (!decode_rows(env, def, col_used, result, out)) {
    row_set_clear(out);
    *err = sqlite3_mprintf("Table %s returned rows the engine cannot read", def->name);
    rc = SQLITE_ERROR;
  }
  napi_close_handle_scope(env, scope);
  return rc;
}
