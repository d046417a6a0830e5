/**
 * Generated blocks of hand-written markdown: the text between `<!-- NAME:start … -->` and `<!-- NAME:end -->`
 * is written by `npm run docs`; test/unit/docs.spec.ts fails while it differs from the code.
 */
export const blockStart = (name: string) => `<!-- ${name}:start (npm run docs writes this table from the code) -->`;
export const blockEnd = (name: string) => `<!-- ${name}:end -->`;

/** The text between the markers of block `name`, trimmed; undefined when a marker is missing. */
export function readBlock(text: string, name: string): string | undefined {
  const start = text.indexOf(blockStart(name));
  const end = text.indexOf(blockEnd(name));
  if (start < 0 || end < start) return undefined;
  return text.slice(start + blockStart(name).length, end).trim();
}

/** The text with `content` put between the markers of block `name`; throws when a marker is missing. */
export function withBlock(text: string, name: string, content: string, file: string): string {
  const start = text.indexOf(blockStart(name));
  const end = text.indexOf(blockEnd(name));
  if (start < 0 || end < start) throw new Error(`${file} needs the markers ${blockStart(name)} and ${blockEnd(name)}`);
  return `${text.slice(0, start + blockStart(name).length)}\n${content}\n${text.slice(end)}`;
}

/** A markdown table cell: pipes escaped, on one line. */
export const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
