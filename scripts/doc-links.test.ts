// The README and docs/*.md link to files of the repository and to each other's sections: every
// relative link must name a file or folder that exists and, when it names a section of a
// Markdown page (`page.md#section`), a heading of that page (GitHub's anchors). The README
// stays a newcomer's page: under 250 lines.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** The text outside fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** The text outside fenced code blocks and inline code, where links are links. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
}

/** Link targets: `[text](target)` and `![alt](target)`, optional title dropped. */
function linkTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const m of prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1]!);
  return targets;
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .replace(/`/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = anchorOf(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The broken relative links of one Markdown file (path relative to `root`), as readable lines. */
export function brokenLinks(root: string, file: string): string[] {
  const path = join(root, file);
  const text = readFileSync(path, 'utf8');
  const problems: string[] = [];
  for (const target of linkTargets(text)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
    const [pathPart = '', anchor] = target.split('#', 2);
    const resolved = pathPart === '' ? path : resolve(dirname(path), decodeURIComponent(pathPart));
    if (!resolved.startsWith(resolve(root))) {
      problems.push(`${file}: ${target} leaves the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      problems.push(`${file}: ${target} → ${relative(root, resolved)} does not exist`);
      continue;
    }
    if (anchor && resolved.endsWith('.md') && statSync(resolved).isFile()) {
      if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
        problems.push(`${file}: ${target} → no heading "#${anchor}" in ${relative(root, resolved)}`);
      }
    }
  }
  return problems;
}

const docs = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('links of the README and docs/', () => {
  it.each(docs)('%s: every relative link resolves', (file) => {
    expect(brokenLinks(ROOT, file)).toEqual([]);
  });

  it('the README is under 250 lines', () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length;
    expect(lines).toBeLessThan(250);
  });

  it('the check finds a missing file, a missing section and a link out of the repository, and ignores code', () => {
    const root = mkdtempSync(join(tmpdir(), 'doc-links-'));
    try {
      mkdirSync(join(root, 'docs'));
      writeFileSync(join(root, 'docs', 'a.md'), '# A page\n\n## Exactly once — what is true\n\n## Prometheus `/metrics`\n');
      writeFileSync(join(root, 'README.md'), [
        '[fine](docs/a.md) [section](docs/a.md#exactly-once--what-is-true) [code](docs/a.md#prometheus-metrics) [self](#top)',
        '[missing](docs/b.md) [no section](docs/a.md#nowhere) ![picture](docs/shot.png) [out](../x.md)',
        '`[code](docs/c.md)` and [web](https://example.org/x.md)',
        '```', '[fenced](docs/d.md)', '```',
        '# Top',
      ].join('\n'));
      expect(brokenLinks(root, 'README.md')).toEqual([
        'README.md: docs/b.md → docs/b.md does not exist',
        'README.md: docs/a.md#nowhere → no heading "#nowhere" in docs/a.md',
        'README.md: docs/shot.png → docs/shot.png does not exist',
        'README.md: ../x.md leaves the repository',
      ]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    expect(anchorOf("Booking on someone's behalf (staff)")).toBe('booking-on-someones-behalf-staff');
    expect(anchorOf('Prometheus `/metrics`')).toBe('prometheus-metrics');
  });
});
