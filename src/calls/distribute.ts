/**
 * Spreads a desk's open bookings of the day over the operators on duty. Pure (no I/O).
 *
 * Properties (property-tested in distribute.property.test.ts):
 *  - every booking is assigned to exactly one operator on duty (when there is one);
 *  - loads (open bookings per operator) differ by at most one, unless bookings an
 *    operator cannot give away (a call under way, a supervisor's pin) make it impossible;
 *  - stability: a booking already with an operator on duty stays there unless the
 *    balance needs it to move, so a sign-off moves only the leaver's bookings (and as few
 *    others as balance needs).
 * Among equally loaded operators the one with nothing at the same time is preferred,
 * so two bookings of one slot go to two operators.
 */
export interface AgendaItem {
  bookingId: string;
  startsAtMs: number;
  operatorId: string | null;
  /** Cannot be moved: a call is under way, or a supervisor put it there by hand. */
  locked: boolean;
}

export function distribute(items: readonly AgendaItem[], operators: readonly string[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  const ops = [...new Set(operators)].sort();
  if (ops.length === 0) {
    for (const it of items) out.set(it.bookingId, it.locked ? it.operatorId : null);
    return out;
  }
  const onDuty = new Set(ops);
  const load = new Map<string, number>(ops.map((o) => [o, 0]));
  const times = new Map<string, Map<number, number>>(ops.map((o) => [o, new Map()]));
  const byOp = new Map<string, AgendaItem[]>(ops.map((o) => [o, []]));
  const sorted = [...items].sort((a, b) => a.startsAtMs - b.startsAtMs || (a.bookingId < b.bookingId ? -1 : 1));
  const give = (it: AgendaItem, op: string) => {
    out.set(it.bookingId, op);
    load.set(op, load.get(op)! + 1);
    const t = times.get(op)!;
    t.set(it.startsAtMs, (t.get(it.startsAtMs) ?? 0) + 1);
    byOp.get(op)!.push(it);
  };
  const take = (it: AgendaItem, op: string) => {
    load.set(op, load.get(op)! - 1);
    const t = times.get(op)!;
    t.set(it.startsAtMs, t.get(it.startsAtMs)! - 1);
    const list = byOp.get(op)!;
    list.splice(list.indexOf(it), 1);
  };
  const pool: AgendaItem[] = [];
  for (const it of sorted) {
    if (it.operatorId && onDuty.has(it.operatorId)) give(it, it.operatorId);
    else if (it.locked) out.set(it.bookingId, it.operatorId); // e.g. a call under way with someone who signed off
    else pool.push(it);
  }
  const best = (it: AgendaItem, exclude?: string): string => {
    let chosen: string | undefined;
    for (const o of ops) {
      if (o === exclude) continue;
      if (chosen === undefined) {
        chosen = o;
        continue;
      }
      const lo = load.get(o)!;
      const lc = load.get(chosen)!;
      if (lo !== lc) {
        if (lo < lc) chosen = o;
        continue;
      }
      const co = times.get(o)!.get(it.startsAtMs) ?? 0;
      const cc = times.get(chosen)!.get(it.startsAtMs) ?? 0;
      if (co < cc) chosen = o;
    }
    return chosen!;
  };
  for (const it of pool) give(it, best(it));
  // Rebalance: move from the most to the least loaded until loads differ by at most one.
  for (let guard = items.length * ops.length + 1; guard > 0; guard--) {
    let max = ops[0]!;
    let min = ops[0]!;
    for (const o of ops) {
      if (load.get(o)! > load.get(max)!) max = o;
      if (load.get(o)! < load.get(min)!) min = o;
    }
    if (load.get(max)! - load.get(min)! <= 1) break;
    const movable = byOp.get(max)!.filter((x) => !x.locked);
    if (movable.length === 0) break; // only locked items left there: the best that can be done
    // The latest booking that does not collide with the receiver's, else the latest.
    movable.sort((a, b) => b.startsAtMs - a.startsAtMs);
    const target = min;
    const it = movable.find((x) => !(times.get(target)!.get(x.startsAtMs) ?? 0)) ?? movable[0]!;
    take(it, max);
    give(it, target);
  }
  return out;
}

/** Open bookings per operator, for checks and the supervisor's view. */
export function loads(assignment: ReadonlyMap<string, string | null>, operators: readonly string[]): Map<string, number> {
  const m = new Map<string, number>(operators.map((o) => [o, 0]));
  for (const op of assignment.values()) if (op && m.has(op)) m.set(op, m.get(op)! + 1);
  return m;
}
