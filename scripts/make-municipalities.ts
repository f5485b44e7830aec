// Writes src/catalog/municipalities.json: every Italian comune in force today with its province,
// from the tax-code library's place list (@marketto/belfiore-connector-embedded: ANPR, Ministero
// dell'Interno, CC BY 4.0). Run again when comuni merge: `npx tsx scripts/make-municipalities.ts`.
// test/integration/find-office.test.ts fails when the file and the library differ.
import { writeFileSync } from 'node:fs';
import { municipalitiesFromLibrary, MUNICIPALITIES_FILE } from './municipalities-source.js';

const byProvince = await municipalitiesFromLibrary();
writeFileSync(MUNICIPALITIES_FILE, `${JSON.stringify(byProvince, null, 0).replace(/\],"/g, '],\n"')}\n`);
console.log(`${Object.values(byProvince).flat().length} comuni in ${Object.keys(byProvince).length} provinces → ${MUNICIPALITIES_FILE}`);
