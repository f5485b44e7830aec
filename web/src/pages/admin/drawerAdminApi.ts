/** The drawer administration's shapes (docs/drawer.md): companies, consultants, delegations; the server's own, generated. */
import type { ApiItem } from '../../api/client';

export type OfficeCompany = ApiItem<'/api/staff/drawer/companies'>;
export type Consultant = ApiItem<'/api/staff/drawer/consultants'>;
export type Delegation = ApiItem<'/api/staff/drawer/delegations'>;
