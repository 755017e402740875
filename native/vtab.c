/*
 * The generic virtual-table module. Every Osprey table is an eponymous-only virtual table (xCreate = NULL) whose
 * schema is osquery's CREATE TABLE text. xBestIndex pushes constraints on index/additional/required columns down to
 * the generator, as osquery's virtual_table.cpp does, and never sets omit: SQLite re-checks every row, so a
 * generator may return a superset.
 */
#include <stdlib.h>
#include <string.h>
#include "osprey.h"

SQLITE_EXTENSION_INIT3

typedef struct {
  sqlite3_vtab base;
  table_def *def;
} osprey_vtab;

typedef struct {
  sqlite3_vtab_cursor base;
  row_set rows;
  size_t row;
  size_t nrows;
} osprey_cursor;

static int vt_connect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **out, char **err) {
  (void)argc; (void)argv;
  table_def *def = aux;
  int rc = sqlite3_declare_vtab(db, def->create_sql);
  if (rc != SQLITE_OK) {
    *err = sqlite3_mprintf("Table %s has a schema SQLite rejects: %s", def->name, sqlite3_errmsg(db));
    return rc;
  }
  osprey_vtab *vt = sqlite3_malloc(sizeof(osprey_vtab));
  if (vt == NULL) return SQLITE_NOMEM;
  memset(vt, 0, sizeof(*vt));
  vt->def = def;
  *out = &vt->base;
  return SQLITE_OK;
}

static int vt_disconnect(sqlite3_vtab *vtab) {
  sqlite3_free(vtab);
  return SQLITE_OK;
}

/* osquery pushes =, <, >, <=, >=, LIKE, GLOB, REGEXP (and IN, which SQLite turns into repeated =). */
static int pushable_op(int op, char type) {
  switch (op) {
    case SQLITE_INDEX_CONSTRAINT_EQ:
    case SQLITE_INDEX_CONSTRAINT_LIKE:
    case SQLITE_INDEX_CONSTRAINT_GLOB:
    case SQLITE_INDEX_CONSTRAINT_REGEXP:
      return 1;
    case SQLITE_INDEX_CONSTRAINT_GT:
    case SQLITE_INDEX_CONSTRAINT_LE:
    case SQLITE_INDEX_CONSTRAINT_LT:
    case SQLITE_INDEX_CONSTRAINT_GE:
      return type != 'T'; /* osquery: TEXT columns ignore range ops for pushdown */
    default:
      return 0;
  }
}

/*
 * idxStr carries colUsed and the pushed (column, op) pairs to xFilter: "<colUsed hex>;c:o,c:o". A table with required
 * columns needs at least one usable constraint on one of them, else this plan is refused with SQLITE_CONSTRAINT.
 */
static int vt_best_index(sqlite3_vtab *vtab, sqlite3_index_info *info) {
  table_def *def = ((osprey_vtab *)vtab)->def;
  osprey_note_planned(def->name);
  int has_required = strchr(def->flags, 'R') != NULL || strchr(def->flags, 'r') != NULL;
  int required_ok = !has_required;
  int argv_index = 0, equalities = 0;
  char *plan = sqlite3_mprintf("%llx;", (unsigned long long)info->colUsed);
  for (int i = 0; i < info->nConstraint && plan != NULL; i++) {
    const struct sqlite3_index_constraint *c = &info->aConstraint[i];
    if (!c->usable || c->iColumn < 0 || c->iColumn >= def->ncol) continue;
    char flag = def->flags[c->iColumn];
    if (flag == '-' || !pushable_op(c->op, def->types[c->iColumn])) continue;
    info->aConstraintUsage[i].argvIndex = ++argv_index;
    info->aConstraintUsage[i].omit = 0;
    if (flag == 'R' || flag == 'r') required_ok = 1;
    if (c->op == SQLITE_INDEX_CONSTRAINT_EQ) equalities++;
    /* OPTIMIZED columns (lower-case flag) receive a whole IN list in one scan, as osquery gives them. */
    int all_at_once = (flag == 'r' || flag == 'p') && c->op == SQLITE_INDEX_CONSTRAINT_EQ && sqlite3_vtab_in(info, i, -1);
    if (all_at_once) sqlite3_vtab_in(info, i, 1);
    char *next = sqlite3_mprintf("%s%s%d:%d%s", plan, argv_index > 1 ? "," : "", c->iColumn, c->op, all_at_once ? "i" : "");
    sqlite3_free(plan);
    plan = next;
  }
  if (plan == NULL) return SQLITE_NOMEM;
  if (!required_ok) {
    sqlite3_free(plan);
    osprey_note_required_failure(def->name);
    return SQLITE_CONSTRAINT;
  }
  info->idxStr = plan;
  info->needToFreeIdxStr = 1;
  /* Fewer rows when the generator can narrow its work: prefer plans that feed it equalities (joins, IN). */
  info->estimatedCost = argv_index == 0 ? 1e6 : 1e6 / (1.0 + 100.0 * equalities + 10.0 * (argv_index - equalities));
  info->estimatedRows = argv_index == 0 ? 100000 : (equalities > 0 ? 10 : 1000);
  return SQLITE_OK;
}

static int vt_open(sqlite3_vtab *vtab, sqlite3_vtab_cursor **out) {
  (void)vtab;
  osprey_cursor *cur = sqlite3_malloc(sizeof(osprey_cursor));
  if (cur == NULL) return SQLITE_NOMEM;
  memset(cur, 0, sizeof(*cur));
  *out = &cur->base;
  return SQLITE_OK;
}

static int vt_close(sqlite3_vtab_cursor *base) {
  osprey_cursor *cur = (osprey_cursor *)base;
  row_set_clear(&cur->rows);
  sqlite3_free(cur);
  return SQLITE_OK;
}

/* The constraints one xFilter call passes to JS; an all-at-once IN list becomes one `=` per value. */
typedef struct {
  int *columns, *ops;
  sqlite3_value **values;
  int n, cap;
} pushed;

static int push(pushed *p, int column, int op, sqlite3_value *value) {
  if (p->n == p->cap) {
    int cap = p->cap == 0 ? 16 : p->cap * 2;
    int *columns = sqlite3_realloc64(p->columns, sizeof(int) * (sqlite3_uint64)cap);
    if (columns == NULL) return SQLITE_NOMEM;
    p->columns = columns;
    int *ops = sqlite3_realloc64(p->ops, sizeof(int) * (sqlite3_uint64)cap);
    if (ops == NULL) return SQLITE_NOMEM;
    p->ops = ops;
    sqlite3_value **values = sqlite3_realloc64(p->values, sizeof(sqlite3_value *) * (sqlite3_uint64)cap);
    if (values == NULL) return SQLITE_NOMEM;
    p->values = values;
    p->cap = cap;
  }
  /* A copy: the values an IN list iterates over share one sqlite3_value that SQLite overwrites. */
  sqlite3_value *copy = sqlite3_value_dup(value);
  if (copy == NULL) return SQLITE_NOMEM;
  p->columns[p->n] = column;
  p->ops[p->n] = op;
  p->values[p->n] = copy;
  p->n++;
  return SQLITE_OK;
}

static void pushed_free(pushed *p) {
  for (int i = 0; i < p->n; i++) sqlite3_value_free(p->values[i]);
  sqlite3_free(p->columns);
  sqlite3_free(p->ops);
  sqlite3_free(p->values);
}

/* Decodes idxStr ("<colUsed hex>;c:o[i],…") and xFilter's arguments into the constraint list. */
static int decode_plan(const char *idx_str, int argc, sqlite3_value **argv, uint64_t *col_used, pushed *out) {
  *col_used = ~(uint64_t)0;
  if (idx_str == NULL) return SQLITE_OK;
  char *end = NULL;
  *col_used = strtoull(idx_str, &end, 16);
  const char *p = (end != NULL && *end == ';') ? end + 1 : "";
  for (int k = 0; *p != '\0' && k < argc; k++) {
    int column = (int)strtol(p, &end, 10);
    if (end == NULL || *end != ':') break;
    int op = (int)strtol(end + 1, &end, 10);
    int rc = SQLITE_OK;
    if (*end == 'i') {
      end++;
      sqlite3_value *value = NULL;
      for (int r = sqlite3_vtab_in_first(argv[k], &value); r == SQLITE_OK && value != NULL && rc == SQLITE_OK;
           r = sqlite3_vtab_in_next(argv[k], &value)) {
        rc = push(out, column, op, value);
      }
    } else {
      rc = push(out, column, op, argv[k]);
    }
    if (rc != SQLITE_OK) return rc;
    p = (*end == ',') ? end + 1 : end;
  }
  return SQLITE_OK;
}

static int vt_filter(sqlite3_vtab_cursor *base, int idx_num, const char *idx_str, int argc, sqlite3_value **argv) {
  (void)idx_num;
  osprey_cursor *cur = (osprey_cursor *)base;
  osprey_vtab *vt = (osprey_vtab *)base->pVtab;
  row_set_clear(&cur->rows);
  cur->row = 0;
  cur->nrows = 0;
  pushed constraints = {0};
  uint64_t col_used;
  int rc = decode_plan(idx_str, argc, argv, &col_used, &constraints);
  char *err = NULL;
  if (rc == SQLITE_OK) {
    rc = osprey_dispatch(vt->def, constraints.n, constraints.columns, constraints.ops, constraints.values, col_used,
                         &cur->rows, &err);
  }
  pushed_free(&constraints);
  if (rc != SQLITE_OK) {
    sqlite3_free(vt->base.zErrMsg);
    vt->base.zErrMsg = err;
    return rc;
  }
  cur->nrows = vt->def->ncol > 0 ? cur->rows.ncells / (size_t)vt->def->ncol : 0;
  return SQLITE_OK;
}

static int vt_next(sqlite3_vtab_cursor *base) {
  ((osprey_cursor *)base)->row++;
  return SQLITE_OK;
}

static int vt_eof(sqlite3_vtab_cursor *base) {
  osprey_cursor *cur = (osprey_cursor *)base;
  return cur->row >= cur->nrows;
}

static int vt_column(sqlite3_vtab_cursor *base, sqlite3_context *ctx, int i) {
  osprey_cursor *cur = (osprey_cursor *)base;
  int ncol = ((osprey_vtab *)base->pVtab)->def->ncol;
  const cell *c = &cur->rows.cells[cur->row * (size_t)ncol + (size_t)i];
  switch (c->kind) {
    case CELL_INT: sqlite3_result_int64(ctx, c->v.i); break;
    case CELL_DOUBLE: sqlite3_result_double(ctx, c->v.d); break;
    case CELL_TEXT: sqlite3_result_text(ctx, cur->rows.text + c->v.offset, (int)c->len, SQLITE_TRANSIENT); break;
    default: sqlite3_result_null(ctx); break;
  }
  return SQLITE_OK;
}

static int vt_rowid(sqlite3_vtab_cursor *base, sqlite3_int64 *rowid) {
  *rowid = (sqlite3_int64)((osprey_cursor *)base)->row;
  return SQLITE_OK;
}

static const sqlite3_module osprey_module = {
  .iVersion = 1,
  .xCreate = NULL, /* eponymous-only: the table exists by name, CREATE VIRTUAL TABLE cannot name the module */
  .xConnect = vt_connect,
  .xBestIndex = vt_best_index,
  .xDisconnect = vt_disconnect,
  .xDestroy = vt_disconnect,
  .xOpen = vt_open,
  .xClose = vt_close,
  .xFilter = vt_filter,
  .xNext = vt_next,
  .xEof = vt_eof,
  .xColumn = vt_column,
  .xRowid = vt_rowid,
};

static void free_def(void *p) {
  table_def *def = p;
  if (def == NULL) return;
  free(def->name);
  free(def->create_sql);
  free(def->types);
  free(def->flags);
  free(def);
}

int osprey_register_module(sqlite3 *db, table_def *def) {
  return sqlite3_create_module_v2(db, def->name, &osprey_module, def, free_def);
}
