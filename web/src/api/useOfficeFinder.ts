import { useEffect, useMemo, useState } from 'react';
import { fold } from '../lib/text';
import type { OfficeSummary, Town } from './types';
import { useApiRead } from './useApiRead';

/** `value`, once it has stayed the same for `ms`. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Comuni matching a typed name (two letters at least), each with its competent office; null while none asked. */
export function useTowns(query: string, provinceCode?: string): { towns: Town[]; pending: boolean } {
  const typed = fold(query).length >= 2 ? query.trim() : '';
  const settled = useSettled(typed, 250);
  const state = useApiRead(settled ? '/api/towns' : null, { query: { q: settled, ...(provinceCode ? { province: provinceCode } : {}) } });
  return { towns: state.status === 'ready' && settled === typed ? state.data.items : [], pending: typed !== '' && (settled !== typed || state.status === 'loading') };
}

export interface FoundOffice {
  office: OfficeSummary;
  /** The comuni typed for which this office is the competent one. */
  competentFor: string[];
}

/**
 * The offices of a province for a search: with a comune typed, its competent office first and
 * the others of the province after it; otherwise the offices whose name or town match.
 */
export function useOfficeFinder(offices: OfficeSummary[], query: string, provinceCode: string): { found: FoundOffice[]; towns: Town[]; pending: boolean } {
  const { towns, pending } = useTowns(query, provinceCode);
  const found = useMemo(() => {
    const q = fold(query);
    if (!q) return offices.map((office) => ({ office, competentFor: [] }));
    const competent = new Map<string, string[]>();
    for (const t of towns) if (t.office) competent.set(t.office.id, [...(competent.get(t.office.id) ?? []), t.name]);
    const byName = offices.filter((o) => fold(o.town).includes(q) || fold(o.name).includes(q));
    if (competent.size === 0) return byName.map((office) => ({ office, competentFor: [] }));
    const first = offices.filter((o) => competent.has(o.id));
    return [...first, ...offices.filter((o) => !competent.has(o.id))].map((office) => ({ office, competentFor: competent.get(office.id) ?? [] }));
  }, [offices, query, towns]);
  return { found, towns, pending };
}
