import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File in the data dir holding the hub's own token-signing secret. */
export const HUB_SECRET_FILE = 'hub-secret';

/**
 * The hub signing secret: `explicit` (option or TELEECHO_HUB_SECRET), else `<dataDir>/hub-secret`,
 * created (mode 0600) on first start. `created` tells whether this call made it.
 */
export function loadHubSecret(dataDir: string, explicit?: string): { secret: string; created: boolean } {
  if (explicit) return { secret: explicit, created: false };
  const file = join(dataDir, HUB_SECRET_FILE);
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), created: false };
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  return { secret, created: true };
}
