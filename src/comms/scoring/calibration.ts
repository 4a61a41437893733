import fs from 'node:fs';
import { z } from 'zod';

/**
 * Confidence calibration of the offline scorer, written by scripts/calibrate-sentiment.ts from development data:
 * English raw confidences are mapped to the accuracy measured at that level (a monotone table fitted on the
 * held-out 10% of the twitter-financial-news train split); each language's review level is the lowest
 * confidence above which the development data held no article of the opposite polarity.
 */
export const calibrationSchema = z.object({
  version: z.number(),
  chosenOn: z.record(z.string(), z.string()),
  /** raw confidence → calibrated confidence, as [raw, calibrated] points in increasing raw order. */
  tables: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
  reviewLevel: z.record(z.string(), z.number()),
});
export type CalibrationFile = z.infer<typeof calibrationSchema>;

/** Below this, whatever the language, an article is for a person to check. */
export const DEFAULT_REVIEW_LEVEL = 0.9;

let file: CalibrationFile | undefined;

function calibration(): CalibrationFile {
  if (!file) {
    const url = new URL('./calibration.json', import.meta.url);
    file = fs.existsSync(url)
      ? calibrationSchema.parse(JSON.parse(fs.readFileSync(url, 'utf8')))
      : { version: 0, chosenOn: {}, tables: {}, reviewLevel: {} };
  }
  return file;
}

/** The calibrated confidence of a raw offline confidence (piecewise linear between the table's points). */
export function calibrate(language: string, raw: number): number {
  return interpolate(calibration().tables[language], raw);
}

export function interpolate(table: [number, number][] | undefined, raw: number): number {
  if (!table || table.length === 0) return raw;
  const first = table[0] as [number, number];
  const last = table[table.length - 1] as [number, number];
  if (raw <= first[0]) return first[1];
  if (raw >= last[0]) return last[1];
  for (let i = 1; i < table.length; i++) {
    const [x1, y1] = table[i] as [number, number];
    const [x0, y0] = table[i - 1] as [number, number];
    if (raw <= x1) return Math.round((y0 + ((raw - x0) / (x1 - x0 || 1)) * (y1 - y0)) * 1000) / 1000;
  }
  return last[1];
}

export function reviewLevel(language: string): number {
  return calibration().reviewLevel[language] ?? DEFAULT_REVIEW_LEVEL;
}
