// SSE subscribers for sse-fanout.bench.ts, in their own process: opens N raw node:http streams,
// prints "ready" when all are open, records when each recommendation.issued frame arrives, and on
// "report" (stdin) prints {recId: [arrival ms per subscriber]} as one JSON line.
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { now } from './lib.js';

const [url, token, countText] = process.argv.slice(2) as [string, string, string];
const count = Number(countText);
const agent = new Agent({ keepAlive: true, maxSockets: count + 10 });
const arrivals = new Map<string, number[]>();

function subscribe(): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/v1/events', url), { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`status ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      let opened = false;
      res.on('data', (chunk: string) => {
        const at = now();
        buffer += chunk;
        let index: number;
        while ((index = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, index);
          buffer = buffer.slice(index + 2);
          if (!opened && block.startsWith('retry:')) {
            opened = true;
            resolve();
          }
          if (!block.includes('event: recommendation.issued')) continue;
          const data = block.slice(block.indexOf('data: ') + 6);
          const recId = (JSON.parse(data) as { data: { id: string } }).data.id;
          let list = arrivals.get(recId);
          if (!list) arrivals.set(recId, (list = []));
          list.push(at);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

for (let opened = 0; opened < count; opened += 100) {
  await Promise.all(Array.from({ length: Math.min(100, count - opened) }, subscribe));
}
process.stdout.write('ready\n');
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'report') {
    process.stdout.write(`${JSON.stringify(Object.fromEntries(arrivals))}\n`, () => process.exit(0));
  }
});
