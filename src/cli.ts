import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { importOffices } from './catalog/import-offices.js';
import { formatOfFileName, parseOfficeFile, type OfficeFileFormat } from './catalog/parse-office-file.js';
import { openAndMigrate, seedDemo, startApp } from './app.js';
import { AppError, type FieldProblem } from './domain/errors.js';
import { loadConfig } from './platform/config.js';
import { createRegionalAdmin } from './users/bootstrap.js';
import { disableDemoUsers } from './users/demo-users.js';

const USAGE = `Uso / usage: sportello <command>
  serve | start            migra, carica i dati demo se il database è vuoto, avvia API e web
                           migrate, load the demo data into an empty database, serve API and web
                           (--no-demo: never load the demo data)
  migrate                  applica le migrazioni / apply the migrations
  seed                     carica i dati demo della Lombardia / load Lombardy's demo data
  import-offices FILE      importa sedi e sportelli da JSON, YAML o CSV / import offices and desks
                           (--format json|yaml|csv, --dry-run: check only)
  create-admin USERNAME     crea un amministratore regionale (password stampata una volta) / create a regional admin
                           (--region CODE; the second factor is enrolled at the first sign-in)
  remove-demo-users        disattiva gli account dimostrativi / disable the demo accounts
  backup FILE              copia del database (pg_dump, o la cartella PGlite) / back up the database
  restore FILE             ripristina una copia in un database vuoto (--replace: svuota prima)
                           restore a backup into an empty database (--replace: empty it first)
  digest                   impronta di prenotazioni, contatori e audit (uguale prima e dopo un ripristino)
                           digest of bookings, counters and audit rows (equal before and after a restore)
  notify-worker            invia le notifiche in coda (e-mail, SMS, App IO) finché non viene fermato
                           send queued notifications (e-mail, SMS, App IO) until stopped (SIGTERM: graceful)
Environment: PORT, HOST, DATA_DIR, DATABASE_URL, DB_POOL_SIZE, DB_POOL_MIN, LOG_LEVEL (see docs/configuration.md).`;

function printProblems(problems: FieldProblem[]): void {
  for (const p of problems) {
    const where = p.line ? `riga/line ${p.line}, ${p.path}` : p.path;
    process.stderr.write(`  ✗ ${where} [${p.code}]\n      it: ${p.it}\n      en: ${p.en}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'no-demo': { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      format: { type: 'string' },
      region: { type: 'string' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE + '\n');
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
    case 'start': {
      const running = await startApp(config, { demo: !values['no-demo'] });
      running.app.log.info(`Sportello: ${running.url.replace('127.0.0.1', 'localhost')} (database: ${running.db.kind})`);
      const stop = async () => {
        await running.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1; // keep running
    }
    case 'migrate': {
      const { db, applied } = await openAndMigrate(config);
      await db.close();
      process.stdout.write(applied.length ? `Migrazioni applicate / applied: ${applied.join(', ')}\n` : 'Database aggiornato / up to date\n');
      return 0;
    }
    case 'create-admin': {
      if (!rest[0]) {
        process.stderr.write('Manca il nome utente / missing USERNAME\n' + USAGE + '\n');
        return 2;
      }
      const { db } = await openAndMigrate(config);
      try {
        const { password, region } = await createRegionalAdmin(db, rest[0], values.region);
        process.stdout.write(`Amministratore regionale ${rest[0]} (${region}) creato / created.\nPassword (una volta sola / shown once): ${password}\n`);
        return 0;
      } catch (err) {
        if (err instanceof AppError) {
          process.stderr.write(`${err.messages.it} / ${err.messages.en}\n`);
          return 1;
        }
        throw err;
      } finally {
        await db.close();
      }
    }
    case 'notify-worker': {
      const [{ pino }, { loggerOptions }, { startNotificationWorker }, { deriveBookingSecret }, { waitlistToken }, { DEV_AUTH_SECRET }] = await Promise.all([
        import('pino'), import('./platform/logging.js'), import('./notifications/settings.js'),
        import('./booking/deps.js'), import('./booking/secrets.js'), import('./auth/settings.js'),
      ]);
      const { db } = await openAndMigrate(config);
      const log = pino(loggerOptions(config.LOG_LEVEL) as import('pino').LoggerOptions);
      const bookingSecret = deriveBookingSecret(config.AUTH_SECRET ?? DEV_AUTH_SECRET);
      const worker = await startNotificationWorker(db, config, log, { waitlistToken: (id) => waitlistToken(bookingSecret, id) });
      const stop = async () => {
        await worker.close();
        await db.close();
        log.info('notification worker stopped');
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      return -1; // keep running
    }
    case 'backup':
    case 'restore': {
      const { backup, restore, BackupError } = await import('./storage/backup.js');
      if (!rest[0]) {
        process.stderr.write('Manca il file / missing FILE\n' + USAGE + '\n');
        return 2;
      }
      const target = { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR };
      try {
        const kind = command === 'backup' ? await backup(target, rest[0]) : await restore(target, rest[0], { replace: values.replace });
        process.stdout.write(command === 'backup'
          ? `Copia salvata / backup written (${kind}): ${rest[0]}\n`
          : `Copia ripristinata / backup restored (${kind}); avvia il server (applica le migrazioni mancanti) / start the server (it applies any missing migrations)\n`);
        return 0;
      } catch (err) {
        if (err instanceof BackupError) {
          process.stderr.write(`${err.it}\n${err.en}\n`);
          return 1;
        }
        throw err;
      }
    }
    case 'digest': {
      const { contentDigest } = await import('./storage/backup.js');
      const { openDatabase } = await import('./storage/open-database.js');
      const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: 1 });
      try {
        process.stdout.write(`${JSON.stringify(await contentDigest(db))}\n`);
        return 0;
      } finally {
        await db.close();
      }
    }
    case 'remove-demo-users': {
      const { db } = await openAndMigrate(config);
      try {
        process.stdout.write(`Account demo disattivati / demo accounts disabled: ${await disableDemoUsers(db)}\n`);
        return 0;
      } finally {
        await db.close();
      }
    }
    case 'seed': {
      const { db } = await openAndMigrate(config);
      try {
        const s = await seedDemo(db);
        process.stdout.write(`Dati demo caricati / demo data loaded: ${JSON.stringify(s)}\n`);
      } finally {
        await db.close();
      }
      return 0;
    }
    case 'import-offices': {
      const file = rest[0];
      if (!file) {
        process.stderr.write('Manca il file / missing FILE\n' + USAGE + '\n');
        return 2;
      }
      const format = (values.format as OfficeFileFormat | undefined) ?? formatOfFileName(file);
      if (!format || !['json', 'yaml', 'csv'].includes(format)) {
        process.stderr.write('Formato sconosciuto: usa .json, .yaml o .csv (o --format) / unknown format: use .json, .yaml or .csv (or --format)\n');
        return 2;
      }
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        process.stderr.write(`File non leggibile / cannot read file: ${(err as Error).message}\n`);
        return 2;
      }
      const parsed = parseOfficeFile(text, format);
      if (!parsed.content) {
        process.stderr.write(`${file}: ${parsed.problems.length} problemi, nulla è stato importato / ${parsed.problems.length} problems, nothing was imported\n`);
        printProblems(parsed.problems);
        return 1;
      }
      if (values['dry-run']) {
        process.stdout.write(`${file}: valido / valid (${parsed.content.offices.length} sedi / offices)\n`);
        return 0;
      }
      const { db } = await openAndMigrate(config);
      try {
        const summary = await importOffices(db, parsed.content);
        process.stdout.write(`Importato / imported: ${JSON.stringify(summary)}\n`);
        return 0;
      } catch (err) {
        if (err instanceof AppError) {
          process.stderr.write(`${file}: ${err.messages.it} / ${err.messages.en} — nulla è stato importato / nothing was imported\n`);
          printProblems(err.fields);
          return 1;
        }
        throw err;
      } finally {
        await db.close();
      }
    }
    default:
      process.stderr.write(`Comando sconosciuto / unknown command: ${command}\n${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
