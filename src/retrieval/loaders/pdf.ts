import { LoadError, type LoadedDocument, titleFromFileName } from './types.js';

/** PDF through pdf-parse v2: one block per page, so every chunk knows its page number. */
export async function loadPdf(bytes: Buffer, fileName: string): Promise<LoadedDocument> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    let title: string | undefined;
    try {
      const info = await parser.getInfo();
      const t = (info.info as { Title?: unknown } | undefined)?.Title;
      if (typeof t === 'string' && t.trim()) title = t.trim();
    } catch (error) {
      if (isPasswordError(error)) throw error;
    }
    const result = await parser.getText();
    const blocks = result.pages
      .map((p) => ({ headingPath: [] as string[], text: p.text.replace(/[ \t]+\n/g, '\n').trim(), page: p.num }))
      .filter((b) => b.text.length > 0);
    return { title: title ?? titleFromFileName(fileName), blocks };
  } catch (error) {
    if (error instanceof LoadError) throw error;
    if (isPasswordError(error)) throw new LoadError('encrypted PDF (a password is needed to read it)', { cause: error });
    throw new LoadError('malformed PDF (damaged, or not a PDF file)', { cause: error });
  } finally {
    await parser.destroy().catch(() => {});
  }
}

function isPasswordError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'PasswordException' || /password/i.test(e?.message ?? '');
}
