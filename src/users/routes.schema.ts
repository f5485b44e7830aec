/** The shapes the staff-access API answers with (the types of the use cases are inferred from them). */
import { z } from 'zod';
import { ROLES } from '../policy/index.js';

/** A grant as the API shows it (also in the session answer, src/auth/routes.ts). */
export const grantView = z.object({
  id: z.string(),
  role: z.enum(ROLES),
  source: z.enum(['local', 'oidc']),
  scope: z.object({
    kind: z.enum(['region', 'province', 'office', 'desk']),
    regionCode: z.string(),
    provinceCode: z.string().nullable(),
    officeId: z.string().nullable(),
    officeCode: z.string().nullable(),
    officeName: z.string().nullable(),
    deskId: z.string().nullable(),
    deskName: z.string().nullable(),
  }),
});

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
  locked: z.boolean(),
  lockedUntil: z.string().nullable(),
  totpEnabled: z.boolean(),
  sso: z.boolean().describe('signs in through the identity provider'),
  demo: z.boolean().describe('a demo account (the server refuses to start in production while one exists)'),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(grantView),
});
