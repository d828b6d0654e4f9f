// 50 concurrent clients POST cases for ~5 s against a hub on SQLite, then on PostgreSQL.
// Prints {"caseSubmissions": {"sqlite": {perSecond, p99Ms, …}, "postgres": {…}}} as its last line.
import { Agent, request } from 'node:http';
import { createEmbedToken } from '@teleecho/sdk/server';
import { pgAvailable } from '@teleecho/test-kit';
import { now, quantile, round, spawnTs } from './lib.js';

const CLIENTS = 50;
const DURATION_MS = 5000;

interface Started {
  url: string;
  apiKey: string;
  demo: { programId: string; templateId: string };
}

function post(agent: Agent, url: URL, token: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(storage: 'sqlite' | 'postgres') {
  const hub = spawnTs('./hub-process.ts', [storage]);
  try {
    const started = JSON.parse(await hub.nextLine()) as Started;
    const url = new URL('/v1/cases', started.url);
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const tokens = await Promise.all(
      Array.from({ length: CLIENTS }, (_, i) =>
        createEmbedToken({
          apiKey: started.apiKey,
          user: { id: `bench-presenter-${i}`, name: `Presenter ${i}` },
          role: 'presenter',
          programId: started.demo.programId,
          ttlSeconds: 3600,
        }),
      ),
    );
    const body = JSON.stringify({
      programId: started.demo.programId,
      templateId: started.demo.templateId,
      title: 'Bench case',
      response: {
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        item: [
          { linkId: 'presenting-problem', answer: [{ valueString: 'Chronic HCV, genotype 1a, treatment-naive' }] },
          { linkId: 'history', answer: [{ valueString: 'Former injection drug use; on methadone.' }] },
          { linkId: 'labs', answer: [{ valueString: 'ALT 88, platelets 140, HCV RNA 1.2M IU/mL, FIB-4 1.9' }] },
          { linkId: 'questions', answer: [{ valueString: 'Is 8 weeks of glecaprevir/pibrentasvir enough?' }] },
        ],
      },
      deidentification: {
        policy: 'safe-harbor',
        changes: [{ path: 'Patient.birthDate', kind: 'dates', action: 'generalized' }],
      },
    });
    // warm up
    for (let i = 0; i < 50; i += 1) await post(agent, url, tokens[0]!, body);
    const latencies: number[] = [];
    let errors = 0;
    const start = now();
    const deadline = start + DURATION_MS;
    await Promise.all(
      tokens.map(async (token) => {
        while (now() < deadline) {
          const t0 = now();
          const status = await post(agent, url, token, body);
          if (status === 201) latencies.push(now() - t0);
          else errors += 1;
        }
      }),
    );
    const elapsed = now() - start;
    agent.destroy();
    latencies.sort((a, b) => a - b);
    return {
      perSecond: Math.round((latencies.length / elapsed) * 1000),
      p50Ms: round(quantile(latencies, 0.5)),
      p99Ms: round(quantile(latencies, 0.99)),
      requests: latencies.length,
      errors,
      clients: CLIENTS,
    };
  } finally {
    await hub.stop();
  }
}

const result: Record<string, unknown> = { sqlite: await run('sqlite') };
if (await pgAvailable()) result.postgres = await run('postgres');
else {
  console.warn('SKIPPED TIER postgres: PostgreSQL unreachable; submissions bench ran on SQLite only');
  result.postgres = { skipped: 'PostgreSQL unreachable' };
}
console.log(JSON.stringify({ caseSubmissions: result }));
