// Part of `npm run build`: what the compiled server reads besides its JavaScript — every file of
// src/ that is not TypeScript (the SQL migrations, data files such as the comuni list) beside its
// compiled module in dist/server/, and the demo data in dist/data/ (as data/ is beside src/).
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

function copyAssets(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) copyAssets(path);
    else if (!entry.name.endsWith('.ts')) {
      const target = join('dist/server', relative('src', path));
      mkdirSync(dirname(target), { recursive: true });
      cpSync(path, target);
    }
  }
}

copyAssets('src');
cpSync('data', 'dist/data', { recursive: true });
