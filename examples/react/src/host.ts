// What every page of this example gets from its own server (`npm start` serves /config.json): where the hub is, and
// short-lived embed tokens minted server-side with the secret API key, which never reaches the browser.

/** The page's configuration (`/config.json`). */
export interface HostConfig {
  hubUrl: string;
  programId: string;
  /** A session of the demo programme that is open now. */
  dropInSessionId?: string;
}

async function config(role: string): Promise<HostConfig & { token?: string }> {
  const response = await fetch(`/config.json?role=${role}`, { cache: 'no-store' });
  if (!response.ok) throw new Error(`/config.json answered ${response.status}`);
  return (await response.json()) as HostConfig & { token?: string };
}

export const loadConfig = (): Promise<HostConfig> => config('none');

/**
 * The elements' `getToken`: asks the host backend for a fresh presenter token. The elements call it on start and
 * again before a token expires, so a page left open keeps working.
 */
export async function getToken(): Promise<string> {
  const { token } = await config('presenter');
  if (!token) throw new Error('the host backend minted no token');
  return token;
}
