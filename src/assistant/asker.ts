import { type Config, isAdmin } from '../config.js';
import type { Asker } from '../retrieval/types.js';
import type { Directory } from '../usage/directory.js';

/** Who is asking, for access rules: their department from the directory, and whether they are an admin. */
export async function askerFor(config: Config, directory: Directory, userId: string): Promise<Asker> {
  return { userId, department: await directory.departmentOf(userId), isAdmin: isAdmin(config, userId) };
}
