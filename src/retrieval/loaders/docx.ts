import { zipProblem } from '../../zip-guard.js';
import { htmlBlocks } from './html.js';
import { LoadError, type LoadedDocument, titleFromFileName } from './types.js';

/** Word .docx through mammoth: headings keep their structure, so chunks get a heading path. */
export async function loadDocx(bytes: Buffer, fileName: string): Promise<LoadedDocument> {
  const bomb = zipProblem(bytes);
  if (bomb) throw new LoadError(bomb);
  const [{ JSDOM }, { default: mammoth }] = await Promise.all([import('jsdom'), import('mammoth')]);
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (error) {
    throw new LoadError('not a readable Word document (damaged, or not a .docx file)', { cause: error });
  }
  const { blocks, firstHeading } = htmlBlocks(new JSDOM(html).window.document.body);
  return { title: firstHeading ?? titleFromFileName(fileName), blocks };
}
