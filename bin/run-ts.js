#!/usr/bin/env node
// Runs a TypeScript entry point with tsx (benchmarks, scripts): node bin/run-ts.js FILE [args...]
'use strict';
const path = require('node:path');
require('tsx/cjs');
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: run-ts FILE [args...]\n');
  process.exit(2);
}
process.argv.splice(1, 1);
require(path.resolve(file));
