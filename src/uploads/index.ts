/** The citizen's documents after a "documents needed" call (issue 19 §3): the one-time upload link, the upload, what the office sees. */
export { createUploadLink, type NewUploadLink } from './create-upload-link.js';
export { uploadRoutes } from './routes.js';
export type { UploadsDeps } from './deps.js';
