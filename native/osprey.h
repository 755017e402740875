/*
 * Osprey's native engine: one shared object that is both a Node addon (loaded with require) and a SQLite loadable
 * extension (loaded with better-sqlite3's db.loadExtension). dlopen returns the same handle for both loads, so the
 * globals below are shared: the N-API env and the JS dispatcher kept by the addon are what the virtual tables call.
 */
#ifndef OSPREY_H
#define OSPREY_H

#include <stdint.h>
#include <node_api.h>
#include "sqlite3ext.h"

/* Value kinds of one result cell, decoded from JS once per scan so xColumn is plain C. */
enum cell_kind { CELL_NULL = 0, CELL_INT = 1, CELL_DOUBLE = 2, CELL_TEXT = 3 };

typedef struct {
  uint8_t kind;
  uint32_t len;      /* CELL_TEXT: byte length */
  union {
    int64_t i;
    double d;
    size_t offset;   /* CELL_TEXT: offset into the row set's text arena */
  } v;
} cell;

/* The rows one xFilter call produced. */
typedef struct {
  cell *cells;
  size_t ncells;
  char *text;
  size_t text_len, text_cap;
} row_set;

/* One registered Osprey table (the module's pAux). */
typedef struct {
  char *name;
  char *create_sql;   /* CREATE TABLE ... as osquery's .schema prints it */
  int id;             /* key of the JS generator in the dispatcher */
  int ncol;
  char *types;        /* per column: 'T' text, 'I' integer, 'D' double, 'B' blob */
  char *flags;        /* per column: 'R' required (+pushdown), 'P' pushdown (index/additional), '-' neither;
                         lower-case r/p when OPTIMIZED (a whole IN list in one scan) */
} table_def;

/* Called from xFilter: runs the table's generator and decodes its rows. Returns SQLITE_OK or sets *err. */
int osprey_dispatch(const table_def *def, int nconstraints, const int *columns, const int *ops,
                    sqlite3_value **values, uint64_t col_used, row_set *out, char **err);

void row_set_clear(row_set *rows);

/* The most recent table whose plans all lacked a required column (for osquery's error message). */
void osprey_note_required_failure(const char *table);
/* Records that SQLite planned a scan of this table (for tablesRead). */
void osprey_note_planned(const char *table);

int osprey_register_module(sqlite3 *db, table_def *def);
int osprey_register_collations(sqlite3 *db);

/* osquery's SQL dialect on this connection: double-quoted strings, LIKE/GLOB of blobs, no foreign keys (dialect.c). */
int osprey_configure_dialect(sqlite3 *db);

/* osquery's statement allowlist; osprey_* functions only while the engine has allowed its own calls. */
int osprey_install_authorizer(sqlite3 *db);
void osprey_allow_internal(int allowed);

#endif
