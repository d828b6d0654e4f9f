// Runs a hub for the benches in its own process, so clients never share its event loop.
// argv: sqlite|postgres. Prints one JSON line {url, apiKey, demo}; stops on SIGTERM.
import { startTestHub, type TestStorage } from '@teleecho/test-kit';

const storage = (process.argv[2] ?? 'sqlite') as TestStorage;
const hub = await startTestHub({ storage });
process.stdout.write(`${JSON.stringify({ url: hub.url, apiKey: hub.apiKey, demo: hub.demo })}\n`);
const stop = (): void => {
  hub.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
