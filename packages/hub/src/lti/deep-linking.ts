/**
 * Deep Linking 2.0: on an `LtiDeepLinkingRequest` the admin picks a session (or a whole recurring series) and the
 * tool answers with a signed `LtiDeepLinkingResponse` (RS256, the tool key's `kid` from `/lti/jwks`) carrying one
 * `ltiResourceLink` content item with `custom.session_id` (or `custom.series_id`), plus a `lineItem` when the
 * platform granted the AGS line-item scope.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import type { Session } from '@teleecho/sdk';
import { SignJWT } from 'jose';
import { CLAIM, LINEITEM_TAG, LTI_VERSION } from './claims.js';
import type { ToolKeys } from './keys.js';
import type { LtiPlatform } from '../storage/storage.js';

/** What the picker's ticket carries from the request to the response (signed by the hub, 1 hour). */
export interface DeepLinkTicket {
  platformId: string;
  deploymentId: string;
  returnUrl: string;
  data?: string;
  lineItem: boolean;
  lang: string;
}

/** A `ltiResourceLink` content item for a session or a series. */
export function contentItem(
  session: Session,
  kind: 'session' | 'series',
  launchUrl: string,
  lineItem: { scoreMaximum: number } | undefined,
): Record<string, unknown> {
  return {
    type: 'ltiResourceLink',
    title: kind === 'series' ? `${session.title} (series)` : session.title,
    text: session.topic,
    url: launchUrl,
    custom: kind === 'series' ? { series_id: session.id } : { session_id: session.id },
    ...(lineItem && {
      lineItem: {
        scoreMaximum: lineItem.scoreMaximum,
        label: `${session.title} — attendance`,
        resourceId: session.id,
        tag: LINEITEM_TAG,
      },
    }),
  };
}

/** Signs the `LtiDeepLinkingResponse` JWT (iss = client id, aud = platform issuer). */
export async function signDeepLinkingResponse(
  keys: ToolKeys,
  platform: LtiPlatform,
  ticket: DeepLinkTicket,
  items: Record<string, unknown>[],
): Promise<string> {
  const { kid, key } = await keys.signingKey();
  return new SignJWT({
    nonce: randomBytes(16).toString('base64url'),
    [CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [CLAIM.version]: LTI_VERSION,
    [CLAIM.deploymentId]: ticket.deploymentId,
    [CLAIM.deepLinkingContentItems]: items,
    ...(ticket.data !== undefined && { [CLAIM.deepLinkingData]: ticket.data }),
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(platform.clientId)
    .setAudience(platform.issuer)
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(key);
}
