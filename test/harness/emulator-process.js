// Child process that runs one AWS emulator on 127.0.0.1 (port 0) and prints {"port":N} on stdout once listening.
// Run as: node [--openssl-legacy-provider] emulator-process.js kinesalite|s3rver|dynalite [dir]
'use strict';
const kind = process.argv[2];
const dir = process.argv[3];
const port = Number(process.env.SLEET_EMULATOR_PORT || 0); // fixed port to restart an emulator where it was
function ready(port) {
  process.stdout.write(JSON.stringify({ port }) + '\n');
}
process.on('SIGTERM', () => process.exit(0));
if (kind === 'kinesalite') {
  const server = require('kinesalite')({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0, shardLimit: 100 });
  server.listen(port, '127.0.0.1', () => ready(server.address().port));
} else if (kind === 'dynalite') {
  const server = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(port, '127.0.0.1', () => ready(server.address().port));
} else if (kind === 's3rver') {
  const S3rver = require('s3rver');
  new S3rver({ address: '127.0.0.1', port, silent: true, directory: dir, resetOnClose: true })
    .run()
    .then((addr) => ready(addr.port), (err) => {
      process.stderr.write(String(err && err.stack) + '\n');
      process.exit(1);
    });
} else {
  process.stderr.write(`unknown emulator ${kind}\n`);
  process.exit(2);
}
