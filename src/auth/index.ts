/** What the auth capability (sign-in, sessions, the identity layer of each request) offers the others (the only way in: .dependency-cruiser.cjs). */
export type { IdentitySettings, OidcClientSettings, RateLimitSetting } from './settings.js';
