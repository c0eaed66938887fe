/**
 * The headers a console download is sent with (issue 20 item 13): the file's real content type, so
 * the browser and the phone open an export in the right app, and its name in Content-Disposition —
 * an ASCII `filename` for old clients and RFC 5987 `filename*` (UTF-8) for the Chinese name.
 */
const TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  xls: 'application/vnd.ms-excel',
  csv: 'text/csv; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
};

export function contentTypeOf(fileName: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}

/** RFC 5987 ext-value: UTF-8, percent-encoding everything outside attr-char (encodeURIComponent leaves '()* alone). */
const extValue = (s: string) => `UTF-8''${encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

export function contentDisposition(fileName: string): string {
  // The quoted fallback may hold only printable ASCII without quote or backslash.
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=${extValue(fileName)}`;
}

export function downloadHeaders(fileName: string): Record<string, string> {
  return {
    'content-type': contentTypeOf(fileName),
    'content-disposition': contentDisposition(fileName),
    'x-content-type-options': 'nosniff',
  };
}
