import type { Person } from '../../src/directory.js';

/** A person of the people directory, named by their Slack id, in one department. */
export const person = (slackUserId: string, department: string): Person => ({
  slackUserId,
  department,
  email: `${slackUserId}@acme.example`,
  name: slackUserId,
  extra: {},
});
