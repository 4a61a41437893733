import type { WebClient } from '@slack/web-api';
import { renderChartPng } from '../charts/render.js';
import type { Services } from '../services.js';
import { adoptionChartSpec } from '../usage/chart.js';
import { reportCsv } from '../usage/export.js';
import type { GapsReport } from '../usage/gaps.js';
import type { AdoptionReport } from '../usage/report.js';
import { buildGapsBlocks } from './blocks/usage-gaps.js';
import { buildUsageSummaryBlocks, usageSummaryText } from './blocks/usage-report.js';
import { gapsForChannel } from './gaps-audience.js';
import { openDm, type UploadFile, uploadFiles } from './upload.js';

/** The chart (penetration by department, weekly trend) and the CSV of a report, named after its window. */
export async function reportFiles(report: AdoptionReport): Promise<UploadFile[]> {
  const name = `kiki-usage-${report.window.from.slice(0, 10)}-to-${report.window.to.slice(0, 10)}`;
  const png = await renderChartPng(adoptionChartSpec(report));
  return [
    { filename: `${name}.png`, data: png, title: `Kiki adoption, ${report.window.label}` },
    { filename: `${name}.csv`, data: Buffer.from(reportCsv(report)), title: `Kiki adoption by department, ${report.window.label} (CSV)` },
  ];
}

/** Uploads the chart and CSV to the admin's DM with Kiki. */
export async function sendReportToDm(client: WebClient, userId: string, report: AdoptionReport): Promise<void> {
  const files = await reportFiles(report);
  const channel = await openDm(client, userId);
  await uploadFiles(client, { channel, initialComment: `Adoption report, ${report.window.label}: chart and CSV.` }, files);
}

/** The weekly digest: the summary in the report channel, with the chart in its thread. */
export async function postUsageDigest(
  client: WebClient,
  services: Services,
  channel: string,
  report: AdoptionReport,
  gaps?: GapsReport,
): Promise<void> {
  // The report channel's least-privileged reader bounds which documents the gaps may name.
  const shown = gaps ? await gapsForChannel(services, client, channel, gaps) : undefined;
  const posted = await client.chat.postMessage({
    channel,
    text: usageSummaryText(report),
    blocks: [
      ...buildUsageSummaryBlocks(report, services.reports.minutesSavedText(), `Weekly Kiki digest, ${report.window.label}`),
      ...(shown ? buildGapsBlocks(shown) : []),
    ],
  });
  const [chart] = await reportFiles(report);
  if (chart && posted.ts) await uploadFiles(client, { channel, threadTs: posted.ts }, [chart]);
}
