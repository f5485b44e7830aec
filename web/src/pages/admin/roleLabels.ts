import type { GrantView, RoleInfo } from './adminApi';

export function roleLabel(roles: RoleInfo[] | null, role: string, lang: 'it' | 'en'): string {
  return roles?.find((r) => r.role === role)?.label[lang] ?? role;
}

export function scopeLabel(g: GrantView, lang: 'it' | 'en'): string {
  const s = g.scope;
  switch (s.kind) {
    case 'region':
      return lang === 'it' ? `Regione ${s.regionCode}` : `Region ${s.regionCode}`;
    case 'province':
      return lang === 'it' ? `Provincia ${s.provinceCode}` : `Province ${s.provinceCode}`;
    case 'office':
      return `${lang === 'it' ? 'Sede' : 'Office'} ${s.officeName ?? ''} (${s.officeCode ?? ''})`;
    case 'desk':
      return `${s.deskName ?? ''} – ${s.officeName ?? ''} (${s.officeCode ?? ''})`;
  }
}
