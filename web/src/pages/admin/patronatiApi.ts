/** The patronati administration's shapes (docs/patronati.md). */
export interface PatronatoOffice {
  id: string;
  provinceCode: string;
  name: string;
  address: string | null;
  phone: string | null;
}

export interface Patronato {
  id: string;
  name: string;
  accreditationCode: string;
  regionCode: string;
  active: boolean;
  offices: PatronatoOffice[];
  operators: { id: string; username: string; displayName: string }[];
}
