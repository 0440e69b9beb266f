/**
 * Where the CSV of a POST /v1/admin/imports is: the body itself (text/csv and the like), or the
 * `file` part of a multipart/form-data body, whose earlier text fields are options. Streams
 * only: nothing is buffered.
 */
import { MultipartError, boundaryOf, readMultipart } from "../csv/multipart.ts";

export type UploadBody =
  | { ok: true; csv: ReadableStream<Uint8Array>; fields: Record<string, string>; filename: string | null }
  | { ok: false; status: 400 | 415; code: string; message: string };

const RAW_TYPES = ["text/csv", "text/plain", "application/csv", "text/comma-separated-values", "application/octet-stream", "text/tab-separated-values"];

/** The CSV stream and the form's option fields. */
export async function uploadBody(request: Request): Promise<UploadBody> {
  const contentType = request.headers.get("content-type") ?? "";
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (request.body === null) return { ok: false, status: 400, code: "empty_body", message: "No file: send the CSV as the body (text/csv) or as the `file` field of a multipart form." };
  if (type === "multipart/form-data") return formBody(request.body, contentType);
  if (type === "" || RAW_TYPES.includes(type)) return { ok: true, csv: request.body, fields: {}, filename: null };
  return {
    ok: false,
    status: 415,
    code: "unsupported_media_type",
    message: `Content-Type ${type} is not a CSV upload: send text/csv, or multipart/form-data with a \`file\` field.`,
  };
}

async function formBody(body: ReadableStream<Uint8Array>, contentType: string): Promise<UploadBody> {
  const boundary = boundaryOf(contentType);
  if (boundary === null) return { ok: false, status: 400, code: "invalid_multipart", message: "The multipart Content-Type has no boundary." };
  try {
    const form = await readMultipart(body, boundary, "file");
    if (form.file === null) {
      return { ok: false, status: 400, code: "missing_file", message: "The form has no `file` field (put option fields before it: they are read first)." };
    }
    return { ok: true, csv: form.file, fields: form.fields, filename: form.filename };
  } catch (error) {
    if (error instanceof MultipartError) return { ok: false, status: 400, code: "invalid_multipart", message: `The multipart body is malformed: ${error.message}.` };
    throw error;
  }
}
