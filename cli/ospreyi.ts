#!/usr/bin/env node
// `ospreyi` is `osprey shell`, as osqueryi is osquery's shell.
process.argv.splice(2, 0, 'shell');
await import('./osprey.js');
