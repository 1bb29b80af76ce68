/**
 * The import figures alone, printed as JSON (nothing is written):
 *   node --expose-gc --import tsx bench/_import-run.ts
 * `npm run bench` measures them with everything else and writes bench/results.json.
 */
import { measureImport } from './_import.js'

process.stdout.write(`${JSON.stringify(await measureImport({ samples: 3 }), null, 2)}\n`)
