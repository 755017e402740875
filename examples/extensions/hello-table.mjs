// An Osprey extension loaded in-process: `osprey shell --extension examples/extensions/hello-table.mjs`, or one line
// of an --extensions_autoload file. The default export is a function given Osprey's table helpers (defineTable, col:
// the same spec format as built-in tables, collector/engine/spec.ts); it returns the plugin: a name, a version, and
// any of `tables`, `loggers` (logger plugin factories by --logger_plugin name) and `configs`.
export default ({ defineTable, col }) => ({
  name: 'hello',
  version: '1.0.0',
  tables: [
    defineTable({
      name: 'hello_world',
      description: 'Greets whoever the query names (WHERE name = ...), or the world.',
      platforms: ['linux'],
      columns: [col('name', 'TEXT', 'Who is greeted', { index: true }), col('greeting', 'TEXT', 'The greeting')],
      // Constraints on index columns reach the generator; SQLite re-checks them on the rows returned.
      *generate(ctx) {
        const names = ctx.equals('name');
        for (const name of names.length > 0 ? names : ['world']) {
          yield { name: String(name), greeting: `hello, ${String(name)}` };
        }
      },
    }),
    defineTable({
      name: 'hello_broken',
      description: 'A table whose generator fails after one row, to show that failures stay contained.',
      platforms: ['linux'],
      columns: [col('n_rows', 'INTEGER', 'Rows produced before the failure')],
      *generate() {
        yield { n_rows: 1 };
        throw new Error('the hello_broken table always fails');
      },
    }),
  ],
});
