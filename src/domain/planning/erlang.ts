/**
 * Erlang C (M/M/N): `agents` operators, offered traffic `a` = arrivals per unit × mean
 * handling time (erlangs). Computed through the Erlang B recursion, stable for hundreds of
 * agents: B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)); C = N·B / (N − a·(1 − B)).
 */
export function erlangC(agents: number, a: number): number {
  if (a <= 0) return 0;
  if (agents <= a) return 1;
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (a * b) / (k + a * b);
  return (agents * b) / (agents - a * (1 - b));
}

/** Share of arrivals answered within `waitSec`: 1 − C·exp(−(N − a)·t / AHT). */
export function serviceLevel(agents: number, a: number, ahtSec: number, waitSec: number): number {
  if (a <= 0) return 1;
  if (agents <= a) return 0;
  return 1 - erlangC(agents, a) * Math.exp((-(agents - a) * waitSec) / ahtSec);
}

/** Mean wait (seconds) of all arrivals: C·AHT / (N − a). */
export function meanWait(agents: number, a: number, ahtSec: number): number {
  if (a <= 0) return 0;
  if (agents <= a) return Infinity;
  return (erlangC(agents, a) * ahtSec) / (agents - a);
}

/** Fewest agents so that at least `target` of arrivals wait ≤ `waitSec` (0 for no traffic). */
export function agentsFor(a: number, ahtSec: number, waitSec: number, target: number): number {
  if (a <= 0) return 0;
  let n = Math.max(1, Math.floor(a) + 1);
  while (serviceLevel(n, a, ahtSec, waitSec) < target) n += 1;
  return n;
}
