import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.js';
import { fromJson, present, toJson } from './rows.js';

/** `api_keys` (001_initial; webhook columns 004_host_webhooks). */
export interface ApiKeyTable {
  id: string;
  secret_hash: string;
  token_key: string;
  allowed_origins: string;
  created_at: string;
  revoked_at: string | null;
  /** Host webhook URL. */
  webhook_url: string | null;
  /** Host webhook signing secret `whsec_…`, stored as-is: HMAC needs it. */
  webhook_secret: string | null;
}

/** A stored secret API key (the secret itself is never stored). */
export interface ApiKeyRecord {
  id: string;
  /** Hex sha256 of the secret part. */
  secretHash: string;
  /** HS256 key that verifies embed tokens minted with this key. */
  tokenKey: Uint8Array;
  /** Origins allowed to call the hub with this key's tokens; `["*"]` means any. */
  allowedOrigins: string[];
  createdAt: string;
  revokedAt?: string;
  /** Host webhook URL: recommendation events of cases whose presenter's token this key minted are POSTed there. */
  webhookUrl?: string;
  /** Signing secret of the host webhook (`whsec_…`). */
  webhookSecret?: string;
}

function toApiKey(row: Selectable<ApiKeyTable>): ApiKeyRecord {
  return {
    id: row.id,
    secretHash: row.secret_hash,
    tokenKey: new Uint8Array(Buffer.from(row.token_key, 'base64')),
    allowedOrigins: fromJson<string[]>(row.allowed_origins),
    createdAt: row.created_at,
    ...present({ revokedAt: row.revoked_at, webhookUrl: row.webhook_url, webhookSecret: row.webhook_secret }),
  };
}

function apiKeyRow(key: ApiKeyRecord): ApiKeyTable {
  return {
    id: key.id,
    secret_hash: key.secretHash,
    token_key: Buffer.from(key.tokenKey).toString('base64'),
    allowed_origins: toJson(key.allowedOrigins),
    created_at: key.createdAt,
    revoked_at: key.revokedAt ?? null,
    webhook_url: key.webhookUrl ?? null,
    webhook_secret: key.webhookSecret ?? null,
  };
}

/** Reading API keys. */
export interface ApiKeyReads {
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
}

/** API keys inside a transaction. */
export interface ApiKeys extends ApiKeyReads {
  insert(key: ApiKeyRecord): Promise<void>;
  /** Sets (or with null clears) a key's host webhook URL and signing secret. */
  setWebhook(keyId: string, url: string | null, secret: string | null): Promise<void>;
}

export function apiKeyReads(db: Kysely<Database>): ApiKeyReads {
  return {
    async get(id) {
      const row = await db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApiKey(row);
    },
    async list() {
      return (await db.selectFrom('api_keys').selectAll().orderBy('id').execute()).map(toApiKey);
    },
  };
}

export function apiKeys(db: Kysely<Database>): ApiKeys {
  return {
    ...apiKeyReads(db),
    async insert(key) {
      await db.insertInto('api_keys').values(apiKeyRow(key)).execute();
    },
    async setWebhook(keyId, url, secret) {
      await db
        .updateTable('api_keys')
        .set({ webhook_url: url, webhook_secret: secret })
        .where('id', '=', keyId)
        .execute();
    },
  };
}
