import zlib from 'node:zlib';
import PizZip from 'pizzip';

/**
 * Limits for zip-based files Kiki reads (.docx knowledge, contract templates, press files), checked before
 * any parser unpacks them: a "zip bomb" of a few kilobytes that inflates to gigabytes is refused with a
 * reason instead of taking the process's memory. A long real Word document is a few megabytes unpacked;
 * these leave a wide margin.
 */
export const ZIP_LIMITS = {
  /** Everything unpacked, all entries together. */
  totalBytes: 100 * 1024 * 1024,
  /** One entry unpacked (word/document.xml of a very long document is well under this). */
  entryBytes: 50 * 1024 * 1024,
  entries: 5000,
};

interface EntryData {
  compressedSize: number;
  uncompressedSize: number;
  compressionMethod: string;
  getCompressedContent(): Buffer | Uint8Array;
}

const STORE = '\x00\x00';
const DEFLATE = '\x08\x00';
const MB = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / (1024 * 1024))} MB` : `${Math.ceil(n / 1024)} KB`);

/**
 * Why `data` may not be unpacked, or undefined when it is within the limits. The sizes the zip's central
 * directory declares are checked first (cheap); then every entry is inflated with its declared size as a hard
 * cap, so an archive that lies about its sizes is caught before more than the declared bytes exist.
 * A file that is not a zip at all returns undefined: the format's own parser reports that.
 */
export function zipProblem(data: Buffer, limits = ZIP_LIMITS): string | undefined {
  let zip: PizZip;
  try {
    zip = new PizZip(data); // reads the central directory only; nothing is inflated yet
  } catch {
    return undefined;
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > limits.entries) return `the archive holds ${entries.length} files (at most ${limits.entries})`;
  let total = 0;
  for (const f of entries) {
    const d = (f as unknown as { _data: EntryData })._data;
    const size = d.uncompressedSize;
    if (size > limits.entryBytes) {
      return `${f.name} would unpack to ${MB(size)} (at most ${MB(limits.entryBytes)} per part): refused as a possible zip bomb`;
    }
    total += size;
    if (total > limits.totalBytes) {
      return `the archive would unpack to more than ${MB(limits.totalBytes)}: refused as a possible zip bomb`;
    }
  }
  for (const f of entries) {
    const d = (f as unknown as { _data: EntryData })._data;
    if (d.compressionMethod !== DEFLATE && d.compressionMethod !== STORE) continue; // the parser refuses those
    if (d.compressionMethod === STORE) {
      if (d.compressedSize !== d.uncompressedSize) return `${f.name}: its sizes in the archive do not match its contents`;
      continue;
    }
    try {
      const out = zlib.inflateRawSync(d.getCompressedContent(), { maxOutputLength: Math.max(1, d.uncompressedSize) });
      if (out.length !== d.uncompressedSize) return `${f.name}: its sizes in the archive do not match its contents`;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        return `${f.name} unpacks to more than the ${MB(d.uncompressedSize)} the archive declares: refused as a possible zip bomb`;
      }
      return undefined; // corrupt data: the parser gives its own reason
    }
  }
  return undefined;
}
