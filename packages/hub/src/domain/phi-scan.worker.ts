/**
 * Worker thread of {@link ./phi-scan.ts}: runs the PHI guard on the payloads it is sent, off the hub's event loop.
 * @packageDocumentation
 */
import { parentPort, threadId } from 'node:worker_threads';
import { findPhi } from './phi-guard.js';
import type { PhiScanRequest, PhiScanReply } from './phi-scan.js';

parentPort?.on('message', (request: PhiScanRequest) => {
  let reply: PhiScanReply;
  try {
    reply = { id: request.id, threadId, findings: request.parts.flatMap(([value, path]) => findPhi(value, path)) };
  } catch (error) {
    reply = { id: request.id, threadId, error: String(error) };
  }
  parentPort!.postMessage(reply);
});

// Loaded: budgets start from here, not from the thread's start-up.
parentPort?.postMessage({ ready: true });
