import archiver from 'archiver';

/** A zip built in memory from the given entries (tests of uploads and of the bad-input corpus). */
export async function zipOf(entries: { name: string; data: Buffer | string }[], level = 6): Promise<Buffer> {
  const archive = archiver('zip', { zlib: { level } });
  const chunks: Buffer[] = [];
  archive.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve, reject) => archive.on('end', resolve).on('error', reject));
  for (const entry of entries) archive.append(entry.data, { name: entry.name });
  await archive.finalize();
  await done;
  return Buffer.concat(chunks);
}
