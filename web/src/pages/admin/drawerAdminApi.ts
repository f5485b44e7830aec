/** The drawer administration's shapes (docs/drawer.md): companies, consultants, delegations. */
export interface OfficeCompany {
  id: string;
  matricola: string;
  name: string;
  officeId: string;
  officeName: string;
  activeDelegations: number;
}

export interface Consultant {
  id: string;
  username: string;
  name: string;
}

export interface Delegation {
  id: string;
  companyId: string;
  matricola: string;
  companyName: string;
  officeName: string;
  consultantId: string;
  consultantName: string;
  consultantUsername: string;
  grantedAt: string;
  revokedAt: string | null;
}
