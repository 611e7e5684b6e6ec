/**
 * The benchmark's Kinesis: a minimal node:http server answering PutRecords (every record accepted) and
 * DescribeStreamSummary (ACTIVE). It counts records without parsing JSON so that it costs little CPU next to the
 * collector under test. Not a test double for correctness (the tests use kinesalite): only a fast sink.
 * Run as a child process; prints {"port":N} when listening and answers any IPC message with {"records","calls"}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const MARK = Buffer.from('"PartitionKey"');
const ENTRY = '{"SequenceNumber":"49590338271490256608559692538361571095921575989136588898","ShardId":"shardId-000000000000"}';
let records = 0;
let calls = 0;

function count(body: Buffer): number {
  let n = 0;
  let at = body.indexOf(MARK);
  while (at >= 0) {
    n++;
    at = body.indexOf(MARK, at + MARK.length);
  }
  return n;
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const target = String(req.headers['x-amz-target'] ?? '');
    let body: string;
    if (target.endsWith('.PutRecords')) {
      const n = count(Buffer.concat(chunks));
      records += n;
      calls++;
      body = `{"FailedRecordCount":0,"Records":[${new Array<string>(n).fill(ENTRY).join(',')}]}`;
    } else if (target.endsWith('.DescribeStreamSummary')) {
      body = '{"StreamDescriptionSummary":{"StreamName":"bench","StreamARN":"arn:aws:kinesis:us-east-1:000000000000:stream/bench","StreamStatus":"ACTIVE","RetentionPeriodHours":24,"StreamCreationTimestamp":1700000000,"EnhancedMonitoring":[],"OpenShardCount":1}}';
    } else {
      res.writeHead(400, { 'Content-Type': 'application/x-amz-json-1.1' }).end('{"__type":"UnknownOperationException"}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-amz-json-1.1', 'Content-Length': Buffer.byteLength(body) }).end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`));
process.on('message', () => process.send?.({ records, calls }));
process.on('SIGTERM', () => process.exit(0));
