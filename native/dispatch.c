/*
 * The bridge from xFilter to JS: calls the dispatcher the addon was given (synchronously, on the thread that is
 * running the query, inside a handle scope) and decodes the flat array of typed values it returns into C cells.
 */
#include <stdlib.h>
#include <string.h>
#include <uchar.h>
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

/* Chunk layout of scan.ts: [kinds, numbers, lengths, text, bigints, count]. */
enum { KIND_NULL = 0, KIND_NUMBER = 1, KIND_TEXT = 3, KIND_BIGINT = 4 };

typedef struct {
  const uint8_t *kinds;
  const double *numbers;
  const uint32_t *lengths;
  napi_value bigints;
  uint32_t count;
  char16_t *text; /* the chunk's strings, one after the other, in UTF-16 */
} chunk;

static int typed_array(napi_env env, napi_value array, napi_typedarray_type want, size_t count, void **data) {
  napi_typedarray_type type;
  size_t length = 0;
  if (napi_get_typedarray_info(env, array, &type, &length, data, NULL, NULL) != napi_ok) return 0;
  return type == want && length >= count;
}

static int read_chunk(napi_env env, napi_value value, chunk *c) {
  napi_value parts[6];
  uint32_t count = 0;
  for (uint32_t i = 0; i < 6; i++) {
    if (napi_get_element(env, value, i, &parts[i]) != napi_ok) return 0;
  }
  if (napi_get_value_uint32(env, parts[5], &count) != napi_ok) return 0;
  c->count = count;
  c->bigints = parts[4];
  size_t units = 0;
  if (!typed_array(env, parts[0], napi_uint8_array, count, (void **)&c->kinds) ||
      !typed_array(env, parts[1], napi_float64_array, count, (void **)&c->numbers) ||
      !typed_array(env, parts[2], napi_uint32_array, count, (void **)&c->lengths) ||
      napi_get_value_string_utf16(env, parts[3], NULL, 0, &units) != napi_ok)
    return 0;
  c->text = malloc((units + 1) * sizeof(char16_t));
  if (c->text == NULL) return 0;
  return napi_get_value_string_utf16(env, parts[3], c->text, units + 1, &units) == napi_ok;
}

/* UTF-16 to UTF-8 into the arena; a lone surrogate becomes U+FFFD, as napi_get_value_string_utf8 makes it. */
static int copy_text(row_set *rows, const char16_t *from, uint32_t units, cell *c) {
  if (!reserve_text(rows, (size_t)units * 3 + 1)) return 0;
  unsigned char *out = (unsigned char *)rows->text + rows->text_len, *start = out;
  for (uint32_t i = 0; i < units; i++) {
    uint32_t u = from[i];
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units && from[i + 1] >= 0xDC00 && from[i + 1] <= 0xDFFF) {
      u = 0x10000 + ((u - 0xD800) << 10) + (from[++i] - 0xDC00u);
    } else if (u >= 0xD800 && u <= 0xDFFF) {
      u = 0xFFFD;
    }
    if (u < 0x80) *out++ = (unsigned char)u;
    else if (u < 0x800) { *out++ = (unsigned char)(0xC0 | (u >> 6)); *out++ = (unsigned char)(0x80 | (u & 0x3F)); }
    else if (u < 0x10000) {
      *out++ = (unsigned char)(0xE0 | (u >> 12));
      *out++ = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
      *out++ = (unsigned char)(0x80 | (u & 0x3F));
    } else {
      *out++ = (unsigned char)(0xF0 | (u >> 18));
      *out++ = (unsigned char)(0x80 | ((u >> 12) & 0x3F));
      *out++ = (unsigned char)(0x80 | ((u >> 6) & 0x3F));
      *out++ = (unsigned char)(0x80 | (u & 0x3F));
    }
  }
  c->kind = CELL_TEXT;
  c->len = (uint32_t)(out - start);
  c->v.offset = rows->text_len;
  rows->text_len += c->len;
  return 1;
}

/* The cells of one chunk from cells[first]; the JS side left the columns the query does not read NULL. */
static int decode_chunk(napi_env env, const table_def *def, const chunk *ch, row_set *out, size_t first) {
  uint32_t ncol = (uint32_t)def->ncol, text_at = 0, bigint_at = 0;
  for (uint32_t i = 0, column = 0; i < ch->count; i++, column = column + 1 == ncol ? 0 : column + 1) {
    cell *c = &out->cells[first + i];
    switch (ch->kinds[i]) {
      case KIND_NUMBER: {
        double d = ch->numbers[i];
        if (def->types[column] != 'D' && d == (double)(int64_t)d) { c->kind = CELL_INT; c->v.i = (int64_t)d; }
        else { c->kind = CELL_DOUBLE; c->v.d = d; }
        break;
      }
      case KIND_TEXT:
        if (!copy_text(out, ch->text + text_at, ch->lengths[i], c)) return 0;
        text_at += ch->lengths[i];
        break;
      case KIND_BIGINT: {
        napi_value v;
        bool lossless = false;
        if (napi_get_element(env, ch->bigints, bigint_at++, &v) != napi_ok) return 0;
        c->kind = CELL_INT;
        napi_get_value_bigint_int64(env, v, &c->v.i, &lossless);
        break;
      }
      default: break; /* NULL */
    }
  }
  return 1;
}

/*
 * The rows come as chunks of whole rows in column order, each a few typed arrays (kinds, numbers, string lengths)
 * and one string holding the chunk's strings (scan.ts): a handful of N-API calls per chunk instead of three per cell,
 * and small arrays where one flat array of every value would be regrown as a large object, page by page.
 */
static int decode_rows(napi_env env, const table_def *def, napi_value result, row_set *out) {
  uint32_t nchunks = 0, ncol = (uint32_t)def->ncol;
  bool is_array = false;
  if (ncol == 0 || napi_is_array(env, result, &is_array) != napi_ok || !is_array) return 0;
  napi_get_array_length(env, result, &nchunks);
  chunk *chunks = calloc(nchunks > 0 ? nchunks : 1, sizeof(chunk));
  int ok = chunks != NULL;
  size_t total = 0;
  for (uint32_t i = 0; ok && i < nchunks; i++) {
    napi_value value;
    ok = napi_get_element(env, result, i, &value) == napi_ok && read_chunk(env, value, &chunks[i]) &&
         chunks[i].count % ncol == 0;
    total += chunks[i].count;
  }
  if (ok) ok = (out->cells = calloc(total > 0 ? total : 1, sizeof(cell))) != NULL; /* zeroed: CELL_NULL */
  size_t first = 0;
  for (uint32_t i = 0; ok && i < nchunks; first += chunks[i].count, i++) {
    ok = decode_chunk(env, def, &chunks[i], out, first);
  }
  if (ok) out->ncells = total;
  for (uint32_t i = 0; chunks != NULL && i < nchunks; i++) free(chunks[i].text);
  free(chunks);
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
  } else if (!decode_rows(env, def, result, out)) {
    row_set_clear(out);
    *err = sqlite3_mprintf("Table %s returned rows the engine cannot read", def->name);
    rc = SQLITE_ERROR;
  }
  napi_close_handle_scope(env, scope);
  return rc;
}
