import type { SentimentReport } from '../report.js';
import { renderReportChart } from './chart.js';
import { buildCsv } from './csv.js';

export interface ReportAttachment {
  filename: string;
  data: Buffer;
  title: string;
}

/** The files that go with a report: its chart (PNG) and one CSV row per article, named after its day. */
export async function reportAttachments(report: SentimentReport): Promise<ReportAttachment[]> {
  const stamp = report.generatedAt.slice(0, 10);
  return [
    { filename: `press-sentiment-${stamp}.png`, data: await renderReportChart(report), title: 'Press sentiment chart' },
    { filename: `press-sentiment-${stamp}.csv`, data: Buffer.from(buildCsv(report), 'utf8'), title: 'Press sentiment per article' },
  ];
}
