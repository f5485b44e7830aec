// Part of `npm run build`: what the compiled server reads besides its JavaScript — the SQL
// migrations (beside dist/server/storage/) and the demo data (dist/data/, as data/ is beside src/).
import { cpSync, mkdirSync, readdirSync } from 'node:fs';

mkdirSync('dist/server/storage/migrations', { recursive: true });
for (const f of readdirSync('src/storage/migrations')) {
  if (f.endsWith('.sql')) cpSync(`src/storage/migrations/${f}`, `dist/server/storage/migrations/${f}`);
}
cpSync('data', 'dist/data', { recursive: true });
