import { DocumentError, readPdf } from '../../document-reader.js';
import { LoadError, type LoadedDocument, titleFromFileName } from './types.js';

/** PDF: one block per page, so every chunk knows its page number. */
export async function loadPdf(bytes: Buffer, fileName: string): Promise<LoadedDocument> {
  try {
    const pdf = await readPdf(bytes);
    const blocks = pdf.pages
      .map((p) => ({ headingPath: [] as string[], text: p.text.replace(/[ \t]+\n/g, '\n').trim(), page: p.num }))
      .filter((b) => b.text.length > 0);
    return { title: pdf.title ?? titleFromFileName(fileName), blocks };
  } catch (error) {
    if (error instanceof DocumentError && error.reason === 'encrypted')
      throw new LoadError('encrypted PDF (a password is needed to read it)', { cause: error });
    throw new LoadError('malformed PDF (damaged, or not a PDF file)', { cause: error });
  }
}
