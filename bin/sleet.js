#!/usr/bin/env node
// The `sleet` CLI. Uses the compiled build in dist/ when present (npm run build), else runs the TypeScript
// sources through tsx, so a fresh clone works without a build step.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const compiled = path.join(__dirname, '..', 'dist', 'cli', 'sleet.js');
if (fs.existsSync(compiled) && !process.env.SLEET_FROM_SOURCE) {
  require(compiled).main(process.argv.slice(2));
} else {
  require('tsx/cjs');
  require('../cli/sleet.ts').main(process.argv.slice(2));
}
