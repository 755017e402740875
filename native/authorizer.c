/*
 * The statement allowlist osquery enforces with its SQLite authorizer (osquery/sql/sqlite_util.cpp): queries may
 * read, build views and temporary tables and call functions, but never ATTACH a file, change the schema of what the
 * engine owns, or run PRAGMAs beyond a short read-only list. Queries arrive from remote servers and packs, so this
 * is what keeps a query from writing files as root. The engine's own control functions (osprey_*) are callable only
 * while the engine itself has opened the gate.
 */
#include <string.h>
#include "osprey.h"

SQLITE_EXTENSION_INIT3

static _Thread_local int internal_calls_allowed;

void osprey_allow_internal(int allowed) { internal_calls_allowed = allowed; }

static const char *const ALLOWED_PRAGMAS[] = {
  "table_info", "table_xinfo", "function_list", "journal_mode", "case_sensitive_like", "collation_list", NULL,
};

static int pragma_allowed(const char *name) {
  if (name == NULL) return 0;
  for (const char *const *p = ALLOWED_PRAGMAS; *p != NULL; p++) {
    if (sqlite3_stricmp(name, *p) == 0) return 1;
  }
  return 0;
}

static int function_allowed(const char *name) {
  if (name == NULL) return 1;
  if (sqlite3_strnicmp(name, "osprey_", 7) == 0) return internal_calls_allowed;
  return sqlite3_stricmp(name, "load_extension") != 0;
}

static int authorize(void *unused, int action, const char *arg1, const char *arg2, const char *db, const char *trigger) {
  (void)unused; (void)db; (void)trigger;
  switch (action) {
    case SQLITE_READ:
    case SQLITE_SELECT:
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
    case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_VTABLE:
    case SQLITE_CREATE_VIEW:
    case SQLITE_CREATE_TEMP_VIEW:
    case SQLITE_DROP_VIEW:
    case SQLITE_DROP_TEMP_VIEW:
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_TEMP_TABLE:
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TEMP_TABLE:
    case SQLITE_RECURSIVE:
    case SQLITE_TRANSACTION:
      return SQLITE_OK;
    case SQLITE_FUNCTION:
      return function_allowed(arg2) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_PRAGMA:
      return pragma_allowed(arg1) ? SQLITE_OK : SQLITE_DENY;
    default:
      return SQLITE_DENY;
  }
}

int osprey_install_authorizer(sqlite3 *db) {
  return sqlite3_set_authorizer(db, authorize, NULL);
}
