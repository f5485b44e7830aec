import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type PluginOption, type UserConfig } from 'vite';

const webRoot = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const fontsDir = join(dirname(require.resolve('bootstrap-italia/package.json')), 'dist', 'fonts');

/** Font files the browser may fetch (woff2 first, woff as fallback) and their licences. */
const FONT_FILE = /\.(woff2?|txt)$/i;

function listFonts(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => FONT_FILE.test(file) && statSync(join(dir, file)).isFile())
    .map((file) => file.split(sep).join('/'));
}

/**
 * Bootstrap Italia's fonts, served at /fonts: copied into the build from
 * node_modules (never committed), served straight from node_modules in dev.
 * The app calls bootstrap-italia's loadFonts('/fonts').
 */
function bootstrapItaliaFonts(): Plugin {
  return {
    name: 'sportello:bootstrap-italia-fonts',
    configureServer(server) {
      server.middlewares.use('/fonts', (req, res, next) => {
        const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
        const file = join(fontsDir, path);
        if (relative(fontsDir, file).startsWith('..') || !FONT_FILE.test(file)) return next();
        try {
          if (!statSync(file).isFile()) return next();
        } catch {
          return next();
        }
        res.setHeader('Content-Type', file.endsWith('.woff2') ? 'font/woff2' : file.endsWith('.woff') ? 'font/woff' : 'text/plain');
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      for (const file of listFonts(fontsDir)) {
        this.emitFile({ type: 'asset', fileName: `fonts/${file}`, source: readFileSync(join(fontsDir, file)) });
      }
    },
  };
}

export default defineConfig(async ({ command }): Promise<UserConfig> => {
  // Development only: `SPORTELLO_FIXTURES=1 npx vite --config web/vite.config.ts`
  // answers /api from a small in-memory fixture instead of proxying to the server.
  // Never part of a build.
  const plugins: PluginOption[] = [react(), bootstrapItaliaFonts()];
  if (command === 'serve' && process.env.SPORTELLO_FIXTURES === '1') {
    const { fixtureApi } = await import('./dev/fixture-api.js');
    plugins.push(fixtureApi());
  }
  return {
    root: webRoot,
    base: '/',
    publicDir: false,
    plugins,
    build: {
      outDir: '../dist/web',
      emptyOutDir: true,
      target: 'es2022',
      sourcemap: true,
      assetsInlineLimit: 4096,
    },
    server: {
      proxy: {
        '/api': { target: process.env.SPORTELLO_API ?? 'http://localhost:3000', changeOrigin: false },
      },
    },
    preview: {
      proxy: {
        '/api': { target: process.env.SPORTELLO_API ?? 'http://localhost:3000', changeOrigin: false },
      },
    },
  };
});
