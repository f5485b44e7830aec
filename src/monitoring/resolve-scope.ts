import { AppError } from '../domain/errors.js';
import { authorize, can, scopesFor, forbidden, type Action, type Actor } from '../policy/index.js';
import type { Queryable } from '../storage/db.js';
import { findNode, type Level, type NodeRow } from './monitoring.repository.js';

export const scopeErrors = {
  invalid: () => new AppError(400, 'invalid_request', {
    it: 'Ambito non valido: usa region:LOM, province:CO, office:<id> o desk:<id>.',
    en: 'Invalid scope: use region:LOM, province:CO, office:<id> or desk:<id>.',
  }, [{ path: 'scope', code: 'invalid_scope', it: 'Ambito non valido.', en: 'Invalid scope.' }]),
  notFound: () => new AppError(404, 'scope_not_found', {
    it: 'Ambito non trovato.',
    en: 'Scope not found.',
  }),
};

const LEVELS: readonly Level[] = ['region', 'province', 'office', 'desk'];

/** "level:id" → parts; throws 400 when malformed. */
export function parseScope(text: string): { level: Level; id: string } {
  const m = /^(region|province|office|desk):([A-Za-z0-9-]{2,64})$/.exec(text);
  if (!m) throw scopeErrors.invalid();
  return { level: m[1] as Level, id: m[2]! };
}

/** The widest node the actor's grants for the action cover ("region:LOM" for a regional monitor). */
export function defaultScope(actor: Actor, action: Action): { level: Level; id: string } {
  const grants = scopesFor(actor, action).grants.map((g) => g.scope);
  for (const level of LEVELS) {
    const s = grants.find((g) => g.kind === level);
    if (!s) continue;
    if (s.kind === 'region') return { level, id: s.regionCode };
    if (s.kind === 'province') return { level, id: s.provinceCode };
    if (s.kind === 'office') return { level, id: s.officeId };
    return { level, id: s.deskId };
  }
  throw forbidden();
}

/**
 * The node a request looks at (its `scope` parameter, or the widest the actor may see), with
 * its breadcrumb; 400 malformed, 404 unknown, 403 outside the actor's grants for the action.
 */
export async function resolveScope(db: Queryable, actor: Actor, action: Action, scope: string | undefined): Promise<NodeRow> {
  const wanted = scope === undefined ? defaultScope(actor, action) : parseScope(scope);
  const node = await findNode(db, wanted.level, wanted.id);
  if (!node) throw scopeErrors.notFound();
  authorize(actor, action, {
    regionCode: node.regionCode,
    provinceCode: node.provinceCode,
    officeId: node.officeId,
    deskId: node.level === 'desk' ? node.id : null,
  });
  // Which levels above the actor may open (a province's monitor: not the region).
  const provinceCode = node.level === 'province' ? node.id : node.provinceCode;
  const parents = node.parents.map((p) => ({
    ...p,
    open: can(actor, action, {
      regionCode: node.regionCode,
      provinceCode: p.level === 'region' ? null : p.level === 'province' ? p.id : provinceCode,
      officeId: p.level === 'office' ? p.id : null,
    }),
  }));
  return { ...node, parents };
}

/** The node with its breadcrumb; each level above says whether the actor may open it. */
export const scopeView = (n: NodeRow) => ({ level: n.level, id: n.id, name: n.name, parents: n.parents.map((p) => ({ ...p, open: p.open ?? false })) });
