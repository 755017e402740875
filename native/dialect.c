/*
 * osquery's SQL dialect on a better-sqlite3 connection. better-sqlite3 builds its SQLite with options osquery's
 * build leaves at SQLite's defaults (node_modules/better-sqlite3/deps/defines.gypi against osquery's
 * libraries/cmake/source/sqlite); where that changes what a query returns, the connection is put back here:
 *  - SQLITE_DQS=0: "text" that names no column is a string literal in osquery (`WHERE name = "node"`), an error
 *    here. SQLITE_DBCONFIG_DQS_DML / _DDL turn the legacy behaviour back on for this connection.
 *  - SQLITE_DEFAULT_FOREIGN_KEYS=1: osquery's connections do not enforce foreign keys on temporary tables.
 *  - SQLITE_LIKE_DOESNT_MATCH_BLOBS: in osquery a blob operand of LIKE / GLOB is compared as text
 *    (`x'41' LIKE 'a'` is 1). like() and glob() are replaced by the same matcher (sqlite3_strlike / strglob, which
 *    is SQLite's own patternCompare) without the blob short-cut. SQLite still hands `col LIKE 'x'` and `col GLOB 'x'`
 *    to a virtual table as LIKE / GLOB constraints: it recognises them by name, not by implementation.
 *    `PRAGMA case_sensitive_like` re-registers SQLite's own like(), as it would in osquery.
 * The other options osquery sets (COLUMN_METADATA, DBSTAT_VTAB, SOUNDEX, SECURE_DELETE, EXPLAIN_COMMENTS,
 * MAX_VARIABLE_NUMBER) are set alike in better-sqlite3 or change no query result.
 */
#include <string.h>
#include "osprey.h"

SQLITE_EXTENSION_INIT3

/* The code point of a one-character UTF-8 string, or -1 when it holds more or fewer characters (as SQLite checks). */
static long single_code_point(const unsigned char *s) {
  size_t n = strlen((const char *)s);
  if (n == 0) return -1;
  int len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 1;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return -1; /* a second character starts */
  }
  if (len == 1) return s[0];
  long cp = s[0] & (0x7F >> len);
  for (int i = 1; i < len && (size_t)i < n; i++) cp = (cp << 6) | (s[i] & 0x3F);
  return cp;
}

/* Pattern-length guard and operands shared by like() and glob(); 0 when the result is already set. */
static int pattern_operands(sqlite3_context *ctx, sqlite3_value **argv, const unsigned char **pattern,
                            const unsigned char **subject) {
  sqlite3 *db = sqlite3_context_db_handle(ctx);
  if (sqlite3_value_bytes(argv[0]) > sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, -1)) {
    sqlite3_result_error(ctx, "LIKE or GLOB pattern too complex", -1);
    return 0;
  }
  *pattern = sqlite3_value_text(argv[0]);
  *subject = sqlite3_value_text(argv[1]);
  return *pattern != NULL && *subject != NULL; /* a NULL operand: the result stays NULL */
}

/* like(pattern, subject [, escape]): `subject LIKE pattern [ESCAPE escape]`. */
static void fn_like(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  unsigned int escape = 0;
  if (argc == 3) {
    const unsigned char *esc = sqlite3_value_text(argv[2]);
    if (esc == NULL) return;
    long cp = single_code_point(esc);
    if (cp < 0) {
      sqlite3_result_error(ctx, "ESCAPE expression must be a single character", -1);
      return;
    }
    escape = (unsigned int)cp;
  }
  const unsigned char *pattern, *subject;
  if (!pattern_operands(ctx, argv, &pattern, &subject)) return;
  sqlite3_result_int(ctx, sqlite3_strlike((const char *)pattern, (const char *)subject, escape) == 0);
}

/* glob(pattern, subject): `subject GLOB pattern`. */
static void fn_glob(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  const unsigned char *pattern, *subject;
  if (!pattern_operands(ctx, argv, &pattern, &subject)) return;
  sqlite3_result_int(ctx, sqlite3_strglob((const char *)pattern, (const char *)subject) == 0);
}

int osprey_configure_dialect(sqlite3 *db) {
  int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 1, (int *)NULL);
  if (rc == SQLITE_OK) rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 1, (int *)NULL);
  if (rc == SQLITE_OK) rc = sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, (int *)NULL);
  const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "like", 2, flags, NULL, fn_like, NULL, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "like", 3, flags, NULL, fn_like, NULL, NULL);
  if (rc == SQLITE_OK) rc = sqlite3_create_function(db, "glob", 2, flags, NULL, fn_glob, NULL, NULL);
  return rc;
}
