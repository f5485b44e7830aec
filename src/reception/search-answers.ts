import type { Queryable } from '../storage/db.js';
import { ASKING_WORDS, CALLER_SYNONYMS, editDistance, plainWords, tsLexeme, typoAllowance } from '../domain/reception/caller-query.js';
import { COLUMNS, type ShortAnswer } from './short-answer.js';

/**
 * Active answers of the given provinces (and the region-wide ones), best matches first; with no
 * words to search, the most recently updated.
 *
 * Each word the caller said is one group of alternatives: its Italian stem, the words the answers
 * use for it (CALLER_SYNONYMS: "pagano" → "pagamento", "pin" → "spid"), the answers' words
 * one or two letters away (typos: "pensone", "reversibilta"), and for the last word, what starts
 * with it (typing "inval" finds "invalidità"). An answer scores, for every group it matches, that
 * group's rarity (a word found in few answers says more), in full when the title or the tags have
 * it, half when only the body does. Italian stop words ("la", "di") and the words of asking
 * ("quando", "come faccio": ASKING_WORDS) do not count.
 */
export async function searchAnswers(db: Queryable, text: string | undefined, provinces: string[] | 'all', limit = 20, status: 'active' | 'retired' = 'active'): Promise<ShortAnswer[]> {
  const tokens = (text ?? '').normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu)?.slice(0, 16) ?? [];
  if (tokens.length === 0) return searchWith(db, null, provinces, limit, status);
  const groups = await queryGroups(db, tokens, /[\p{L}\p{N}]$/u.test(text ?? ''), status);
  if (groups.length === 0) return [];
  return searchWith(db, groups, provinces, limit, status);
}

interface Group {
  query: string;
  weight: number;
}

async function queryGroups(db: Queryable, tokens: string[], lastIsPartial: boolean, status: 'active' | 'retired'): Promise<Group[]> {
  const plain = tokens.map((t) => plainWords(t).join(''));
  const words = [...new Set(tokens.flatMap((t, i) => [t, plain[i]!, ...(CALLER_SYNONYMS[plain[i]!] ?? [])]))];
  const [stems, vocab] = await Promise.all([
    db.query<{ w: string; lx: string[] }>(
      `SELECT t.w, array(SELECT lexeme FROM unnest(to_tsvector('italian', t.w))) AS lx FROM unnest($1::text[]) t(w)`, [words]),
    db.query<{ word: string; ndoc: number; total: number }>(
      `SELECT s.word, s.ndoc, (SELECT count(*)::int FROM short_answer WHERE status = $1) AS total
         FROM ts_stat(format('SELECT search FROM short_answer WHERE status = %L', $1::text)) s`, [status]),
  ]);
  const stemOf = new Map(stems.rows.map((r) => [r.w, r.lx]));
  const docs = new Map(vocab.rows.map((r) => [r.word, r.ndoc]));
  const total = Math.max(1, vocab.rows[0]?.total ?? 1);
  const groups: Group[] = [];
  tokens.forEach((token, i) => {
    if (ASKING_WORDS.has(plain[i]!) && tokens.length > 1) return;
    const own = [...new Set([...(stemOf.get(token) ?? []), ...(stemOf.get(plain[i]!) ?? [])])];
    if (own.length === 0) return; // a stop word
    const alternatives = new Set([...own, ...(CALLER_SYNONYMS[plain[i]!] ?? []).flatMap((w) => stemOf.get(w) ?? [])]);
    for (const stem of own) {
      if (docs.has(stem)) continue;
      const allowed = typoAllowance(stem);
      if (allowed === 0) continue;
      for (const word of docs.keys()) if (editDistance(stem, word, allowed) <= allowed) alternatives.add(word);
    }
    const prefix = i === tokens.length - 1 && lastIsPartial && token.length >= 3 ? token : null;
    const found = [...docs].filter(([word]) => alternatives.has(word) || (prefix !== null && word.startsWith(prefix)));
    if (found.length === 0) return;
    const df = Math.min(total, Math.max(...found.map(([, n]) => n)));
    groups.push({
      query: [...alternatives].map((l) => tsLexeme(l)).concat(prefix ? [tsLexeme(prefix, true)] : []).join(' | '),
      weight: Math.log(1 + total / df),
    });
  });
  return groups;
}

async function searchWith(db: Queryable, groups: Group[] | null, provinces: string[] | 'all', limit: number, status: 'active' | 'retired'): Promise<ShortAnswer[]> {
  const any = groups?.map((g) => `(${g.query})`).join(' | ');
  const r = await db.query<ShortAnswer>(
    `SELECT ${COLUMNS}${groups ? `, (SELECT sum(g.weight * CASE WHEN ts_filter(a.search, '{a}') @@ g.q::tsquery THEN 1.0
                                                       WHEN a.search @@ g.q::tsquery THEN 0.5 ELSE 0 END)
                         FROM unnest($3::text[], $4::float8[]) AS g(q, weight))
                      + 0.1 * ts_rank_cd(a.search, $5::tsquery, 32) AS rank` : ''}
       FROM short_answer a
      WHERE a.status = '${status === 'retired' ? 'retired' : 'active'}'
        AND (a.province_code IS NULL OR $1::boolean OR a.province_code = ANY($2::text[]))
        ${groups ? 'AND a.search @@ $5::tsquery' : ''}
      ORDER BY ${groups ? 'rank DESC, ' : ''}a.updated_at DESC
      LIMIT ${Math.max(1, Math.min(limit, 50))}`,
    groups
      ? [provinces === 'all', provinces === 'all' ? [] : provinces, groups.map((g) => g.query), groups.map((g) => g.weight), any]
      : [provinces === 'all', provinces === 'all' ? [] : provinces],
  );
  return r.rows.map((a) => (a.rank === undefined ? a : { ...a, rank: Number(a.rank) }));
}
