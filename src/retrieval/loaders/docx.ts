import { DocumentError, htmlBody, readWord } from '../../document-reader.js';
import { htmlBlocks } from './html.js';
import { LoadError, type LoadedDocument, titleFromFileName } from './types.js';

/** Word .docx, read as HTML: headings keep their structure, so chunks get a heading path. */
export async function loadDocx(bytes: Buffer, fileName: string): Promise<LoadedDocument> {
  let html: string;
  try {
    html = await readWord(bytes, 'html');
  } catch (error) {
    if (error instanceof DocumentError && error.reason === 'unsafe') throw new LoadError(error.message);
    throw new LoadError('not a readable Word document (damaged, or not a .docx file)', { cause: error });
  }
  const { blocks, firstHeading } = htmlBlocks(await htmlBody(html));
  return { title: firstHeading ?? titleFromFileName(fileName), blocks };
}
