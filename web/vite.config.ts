import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

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

const LAZY_LIBRARIES = ['qrcode', 'dijkstrajs', 'pngjs', 'libphonenumber-js', '@marketto', 'dayjs', 'chart.js', 'react-chartjs-2', '@kurkle'];
const LAZY_OR_VENDOR = new RegExp(`[\\\\/]node_modules[\\\\/](?!(?:${LAZY_LIBRARIES.join('|')})[\\\\/])`);

// The API: `npm start` (port 3000) for `vite` and `vite preview`; SPORTELLO_API points elsewhere.
const api = process.env.SPORTELLO_API ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: false,
  plugins: [react(), bootstrapItaliaFonts()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    assetsInlineLimit: 4096,
    rolldownOptions: {
      // One cacheable chunk for the libraries every page needs, apart from the app's own code.
      // Libraries of a few lazy pages only (QR code, tax code and phone checks) stay with
      // those pages, out of the initial download.
      output: { codeSplitting: { groups: [{ name: 'vendor', test: LAZY_OR_VENDOR }] } },
    },
  },
  server: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: api, changeOrigin: false },
    },
  },
});
