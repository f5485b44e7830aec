/**
 * OpenID Connect relying party (openid-client 6): authorization code + PKCE (S256),
 * state and nonce, for staff single sign-on and for citizens (SPID/CIE through an OIDC
 * gateway). The sign-in under way is kept server-side (oidc_login), bound to the browser
 * by a cookie, and used once.
 */
import * as client from 'openid-client';
import { AppError } from '../domain/errors.js';
import { checkTaxCode } from '../domain/person/tax-code.js';
import type { Queryable } from '../storage/db.js';
import { randomToken, sha256Hex } from '../platform/crypto.js';
import type { OidcClientSettings } from './settings.js';

const LOGIN_MINUTES = 10;

export const ssoNotConfigured = (): AppError =>
  new AppError(404, 'sso_not_configured', { it: "L'accesso con identità digitale non è configurato.", en: 'Single sign-on is not configured.' });

export class OidcClient {
  private config: Promise<client.Configuration> | undefined;

  constructor(
    readonly audience: 'staff' | 'citizen',
    readonly settings: OidcClientSettings,
    private readonly allowHttp: boolean,
  ) {}

  /** Discovery once, cached; retried on the next sign-in after a failure. */
  configuration(): Promise<client.Configuration> {
    this.config ??= client
      .discovery(
        new URL(this.settings.issuer),
        this.settings.clientId,
        { redirect_uris: [this.settings.redirectUri], response_types: ['code'] },
        this.settings.clientSecret ? client.ClientSecretPost(this.settings.clientSecret) : client.None(),
        this.allowHttp ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((err: unknown) => {
        this.config = undefined;
        throw err;
      });
    return this.config;
  }

  /** Starts a sign-in: stores state/nonce/verifier and returns where to send the browser. */
  async start(db: Queryable, returnTo: string, extra: Record<string, string> = {}): Promise<{ url: URL; binding: string }> {
    const config = await this.configuration();
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const binding = randomToken();
    await db.query(
      `INSERT INTO oidc_login (binding_hash, audience, state, nonce, code_verifier, return_to, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7))`,
      [sha256Hex(binding), this.audience, state, nonce, verifier, returnTo, LOGIN_MINUTES],
    );
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: this.settings.scopes,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...extra,
    });
    return { url, binding };
  }

  /**
   * Finishes a sign-in from the callback's query string: checks state, nonce, PKCE and the
   * ID token; returns the ID token claims merged with the userinfo claims.
   */
  async finish(db: Queryable, binding: string | undefined, query: string): Promise<{ claims: Record<string, unknown>; returnTo: string }> {
    if (!binding) throw loginExpired();
    const r = await db.query<{ state: string; nonce: string; code_verifier: string; return_to: string }>(
      `DELETE FROM oidc_login WHERE binding_hash = $1 AND audience = $2 AND expires_at > now()
       RETURNING state, nonce, code_verifier, return_to`,
      [sha256Hex(binding), this.audience],
    );
    const login = r.rows[0];
    if (!login) throw loginExpired();
    const config = await this.configuration();
    const current = new URL(this.settings.redirectUri);
    current.search = query;
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: login.code_verifier,
        expectedState: login.state,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new AppError(401, 'sso_failed', { it: "L'accesso con il fornitore di identità non è riuscito.", en: 'Sign-in with the identity provider failed.' }, [
        { path: 'oidc', code: (err as { code?: string }).code ?? 'oidc_error', it: String((err as Error).message), en: String((err as Error).message) },
      ]);
    }
    const idClaims = tokens.claims() as Record<string, unknown> | undefined;
    if (!idClaims) throw new AppError(401, 'sso_failed', { it: 'Il fornitore di identità non ha restituito un ID token.', en: 'The identity provider returned no ID token.' });
    let claims: Record<string, unknown> = { ...idClaims };
    if (config.serverMetadata().userinfo_endpoint && tokens.access_token) {
      try {
        const info = await client.fetchUserInfo(config, tokens.access_token, String(idClaims.sub));
        claims = { ...info, ...idClaims };
      } catch {
        // userinfo is optional: the ID token is enough when it carries the claims
      }
    }
    return { claims, returnTo: login.return_to };
  }
}

const loginExpired = (): AppError =>
  new AppError(400, 'sso_login_expired', {
    it: 'La procedura di accesso è scaduta o è già stata usata: ricomincia.',
    en: 'The sign-in has expired or was already used: start again.',
  });

/** Only a path of this site (no scheme, no host, no `//`): no open redirect. */
export function safeReturnTo(value: unknown, fallback: string): string {
  if (typeof value !== 'string' || value.length > 300) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || /[\r\n]/.test(value)) return fallback;
  return value;
}

/** The claims that carry a tax code, in SPID/CIE OIDC gateways and common brokers. */
const TAX_CODE_CLAIMS = ['fiscalNumber', 'fiscal_number', 'https://attributes.eid.gov.it/fiscal_number', 'fiscalCode', 'fiscal_code', 'codice_fiscale'];

/** `TINIT-RSSMRA85T10A562S` → `RSSMRA85T10A562S`, checked; null when absent or invalid. */
export function taxCodeFromClaims(claims: Record<string, unknown>): string | null {
  for (const name of TAX_CODE_CLAIMS) {
    const v = claims[name];
    if (typeof v !== 'string') continue;
    const bare = v.trim().replace(/^TINIT-/i, '');
    const checked = checkTaxCode(bare);
    if (checked.ok) return checked.value;
  }
  return null;
}

export function personNameFromClaims(claims: Record<string, unknown>): string | null {
  const s = (k: string) => (typeof claims[k] === 'string' ? (claims[k] as string).trim() : '');
  const full = [s('given_name') || s('givenName'), s('family_name') || s('familyName')].filter(Boolean).join(' ') || s('name');
  return full ? full.slice(0, 200) : null;
}
