/** CSV imports: what the Worker's entry needs (the routes are worker/routes/imports.ts). */
export { consumeImportBatch } from "./apply/consume-import-batch.ts";
export { IMPORTS_QUEUE } from "./messages.ts";
