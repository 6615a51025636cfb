// Imports: needs brought into a consultation from CSV and XLSX files, in stages, each in its own module:
// import-uploads (store and analyse a file), import-records (the workspace's view of imports), import-mapping
// (columns and values), import-start (the commissioner confirms), import-run (`importNeeds`, the import
// itself), import-job (the job, the worker and an import's outcome), import-sources (reading a file back).
// This module holds only the limits more than one of them shares; app/server's body limit reads the upload's.

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Stored uploads and files on disk are both read in pieces of this size. */
export const CHUNK_BYTES = 1024 * 1024;
/** Distinct values remembered per column at upload: a theme or area column with more is not a category. */
export const VALUES_KEPT = 100;
