import { type Config, isAdmin } from '../config.js';
import type { Directory } from '../directory.js';

export const SENTIMENT_REFUSAL =
  'Sorry, press sentiment reports are for the Comms team. If you need one, ask someone in Comms or a Kiki admin.';

/** Who may run press sentiment reports: admins and the departments of KIKI_SENTIMENT_DEPARTMENTS (the people directory's). */
export async function mayRunSentiment(services: { config: Config; directory: Directory }, userId: string): Promise<boolean> {
  if (isAdmin(services.config, userId)) return true;
  const department = (await services.directory.departmentOf(userId)).toLowerCase();
  return services.config.KIKI_SENTIMENT_DEPARTMENTS.some((d) => d.toLowerCase() === department);
}
