import { type Block, type LoadedDocument, titleFromFileName } from './types.js';

/** Plain text: paragraphs separated by blank lines, each with its line range. */
export async function loadText(bytes: Buffer, fileName: string): Promise<LoadedDocument> {
  const lines = bytes.toString('utf8').split(/\r?\n/);
  const blocks: Block[] = [];
  let buffer: string[] = [];
  let start = 0;
  lines.forEach((line, i) => {
    if (line.trim() === '') {
      if (buffer.length) blocks.push({ headingPath: [], text: buffer.join('\n').trim(), lines: [start + 1, i] });
      buffer = [];
      return;
    }
    if (buffer.length === 0) start = i;
    buffer.push(line);
  });
  if (buffer.length) blocks.push({ headingPath: [], text: buffer.join('\n').trim(), lines: [start + 1, lines.length] });
  return { title: titleFromFileName(fileName), blocks };
}
