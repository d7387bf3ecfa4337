/**
 * Text of an uploaded attachment, for search and the personal-data scan. Each extractor is loaded on
 * demand (they are large) and any failure is returned, not thrown: an unreadable file is still kept.
 */
export type ExtractedText = { text: string; error: null } | { text: null; error: string };

const MAX_TEXT = 2_000_000;

export async function extractAttachmentText(extension: string, bytes: Uint8Array): Promise<ExtractedText> {
  try {
    let text: string | null = null;
    if (extension === 'pdf') {
      const { extractText, getDocumentProxy } = await import('unpdf');
      const pdf = await getDocumentProxy(new Uint8Array(bytes));
      const result = await extractText(pdf, { mergePages: true });
      text = result.text;
    } else if (extension === 'docx') {
      const mammoth = (await import('mammoth')).default;
      text = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
    } else if (extension === 'xlsx') {
      const ExcelJS = (await import('exceljs')).default;
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      const lines: string[] = [];
      workbook.eachSheet((sheet) => {
        lines.push(sheet.name);
        sheet.eachRow((row) => {
          const cells: string[] = [];
          row.eachCell((cell) => cells.push(cell.text));
          lines.push(cells.join('\t'));
        });
      });
      text = lines.join('\n');
    }
    if (text === null) return { text: null, error: 'no text extractor for this type' };
    return { text: text.slice(0, MAX_TEXT), error: null };
  } catch (err) {
    return { text: null, error: (err instanceof Error ? err.message : String(err)).slice(0, 500) };
  }
}
