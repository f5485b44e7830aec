/** What the privacy capability (citizens' data: export, erasure, retention) offers the others (the only way in: .dependency-cruiser.cjs). */
export { runRetention } from './retention.js';
