/** Documents that travel safely: checks, antivirus hook and upload reading, for the capabilities that take attachments. */
export { inspectFiles, type CheckedFile, type DocumentSettings, type UploadedFile } from './inspect-file.js';
export { readUpload, multipartLimits, type Upload } from './read-upload.js';
export { scanWithClamd, scannerUnavailable } from './clamd.js';
export { databaseStore, placeAll, s3Store, type DocumentStore, type Placed, type S3Settings, storageUnavailable } from './store.js';
