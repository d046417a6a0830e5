// OOXML keeps characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF) and carriage returns (which XML
// parsers turn into line feeds) as `_xHHHH_`; a literal `_xHHHH_` in the text is itself written `_x005F_xHHHH_`.
// Excel and LibreOffice read and write cells this way; exceljs does neither, so the template writer and reader do it.

// eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
const NEEDS_ESCAPE = /_x[0-9A-Fa-f]{4}_|[\x00-\x08\x0B-\x1F\x7F\uFFFE\uFFFF]/g;
const ESCAPED = /_x([0-9A-Fa-f]{4})_/g;

export function encodeXlsxText(text: string): string {
  return text.replace(NEEDS_ESCAPE, (match) =>
    match.length > 1
      ? `_x005F_${match.slice(1)}`
      : `_x${match.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
}

export function decodeXlsxText(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(ESCAPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
