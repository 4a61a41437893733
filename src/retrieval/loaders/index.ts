import path from 'node:path';
import { loadDocx } from './docx.js';
import { loadHtml } from './html.js';
import { loadMarkdown } from './markdown.js';
import { loadPdf } from './pdf.js';
import { loadText } from './text.js';
import { LoadError, type LoadedDocument, type Loader } from './types.js';

export { type Block, LoadError, type LoadedDocument } from './types.js';

const LOADERS: Record<string, Loader> = {
  '.md': loadMarkdown,
  '.mdx': loadMarkdown,
  '.markdown': loadMarkdown,
  '.txt': loadText,
  '.text': loadText,
  '.pdf': loadPdf,
  '.docx': loadDocx,
  '.html': loadHtml,
  '.htm': loadHtml,
};

export const SUPPORTED_EXTENSIONS = Object.keys(LOADERS);
export const MAX_FILE_BYTES = 25 * 1024 * 1024;

export function isSupported(file: string): boolean {
  return path.extname(file).toLowerCase() in LOADERS;
}

/** Loads one file; every failure is a LoadError with a one-line reason for the ingest summary. */
export async function loadDocument(bytes: Buffer, fileName: string): Promise<LoadedDocument> {
  const ext = path.extname(fileName).toLowerCase();
  const loader = LOADERS[ext];
  if (!loader) throw new LoadError(`unsupported file type "${ext || '(none)'}" (supported: ${SUPPORTED_EXTENSIONS.join(' ')})`);
  if (bytes.length === 0) throw new LoadError('empty file');
  if (bytes.length > MAX_FILE_BYTES)
    throw new LoadError(`too large (${(bytes.length / 1048576).toFixed(1)} MB; limit ${MAX_FILE_BYTES / 1048576} MB)`);
  let doc: LoadedDocument;
  try {
    doc = await loader(bytes, fileName);
  } catch (error) {
    if (error instanceof LoadError) throw error;
    // The parser's own words stay in the cause (logged by ingest): the summary gets a constant reason.
    throw new LoadError(`could not be read: the file looks damaged, or is not really a ${ext} file`, { cause: error });
  }
  if (!doc.blocks.some((b) => b.text.trim())) {
    throw new LoadError(ext === '.pdf' ? 'no text layer (scanned or image-only PDF?)' : 'no text found');
  }
  return doc;
}
