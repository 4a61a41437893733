import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Person } from '../../src/directory.js';
import type { EventRow } from '../../src/usage/demo-data.js';
import { tempDir } from '../helpers/env.js';

export const at = (iso: string) => Date.parse(`${iso}Z`);

export function person(id: string, department: string): Person {
  return { slackUserId: id, email: `${id.toLowerCase()}@example.com`, name: id, department, extra: {} };
}

/** Legal 5 and Comms 6 people; Design 2 and Ops 2 are small groups (their "Other" of 4 stays hidden). */
export const PEOPLE: Person[] = [
  ...['U0L1', 'U0L2', 'U0L3', 'U0L4', 'U0L5'].map((id) => person(id, 'Legal')),
  ...['U0C1', 'U0C2', 'U0C3', 'U0C4', 'U0C5', 'U0C6'].map((id) => person(id, 'Comms')),
  ...['U0D1', 'U0D2'].map((id) => person(id, 'Design')),
  ...['U0O1', 'U0O2'].map((id) => person(id, 'Ops')),
];

export function event(fields: Partial<EventRow> & Pick<EventRow, 'user_id' | 'department' | 'ts'>): EventRow {
  const feature = fields.feature ?? 'ask';
  const outcome = fields.outcome ?? 'answered';
  return {
    id: crypto.randomUUID(),
    name: `${feature}.${outcome}`,
    feature,
    surface: 'dm',
    outcome,
    latency_ms: 1000,
    question: null,
    feedback: null,
    feedback_at: null,
    feedback_note: null,
    handoff_opened_at: null,
    handoff_first_reply_at: null,
    handoff_resolved_at: null,
    demo: 0,
    meta: null,
    ...fields,
  };
}

/** Two weeks, Monday 2025-03-03 to Sunday 2025-03-16, with events on both sides of the edges. */
export const EVENTS: EventRow[] = [
  event({ user_id: 'U0L1', department: 'Legal', ts: at('2025-03-03T10:00:00'), feedback: 1 }),
  event({ user_id: 'U0L1', department: 'Legal', ts: at('2025-03-04T10:00:00'), feature: 'contract', outcome: 'completed' }),
  event({
    user_id: 'U0L2',
    department: 'Legal',
    ts: at('2025-03-10T09:00:00'),
    outcome: 'not_found',
    handoff_opened_at: at('2025-03-10T09:01:00'),
    handoff_first_reply_at: at('2025-03-10T09:31:00'),
  }),
  event({ user_id: 'U0L3', department: 'Legal', ts: at('2025-03-11T10:00:00'), feedback: -1 }),
  event({ user_id: 'U0C1', department: 'Comms', ts: at('2025-03-05T10:00:00'), feature: 'sentiment', outcome: 'completed' }),
  event({
    user_id: 'U0C1',
    department: 'Comms',
    ts: at('2025-03-12T10:00:00'),
    outcome: 'handed_off',
    handoff_opened_at: at('2025-03-12T10:00:00'),
    handoff_first_reply_at: at('2025-03-12T10:10:00'),
  }),
  event({ user_id: 'U0C2', department: 'Comms', ts: at('2025-03-12T11:00:00'), feature: 'home', outcome: 'completed', surface: 'home' }),
  event({ user_id: 'U0D1', department: 'Design', ts: at('2025-03-06T10:00:00'), feedback: -1 }),
  event({ user_id: 'U0XSTRANGER', department: 'Unassigned', ts: at('2025-03-06T11:00:00') }),
  event({ user_id: 'U0L4', department: 'Legal', ts: at('2025-03-02T23:59:59') }),
  event({ user_id: 'U0L5', department: 'Legal', ts: at('2025-03-17T00:00:00') }),
];

export { openTestStore } from '../helpers/postgres.js';

/** The people as a directory CSV (KIKI_DIRECTORY). */
export function writeDirectory(people = PEOPLE): string {
  const file = path.join(tempDir(), 'people.csv');
  fs.writeFileSync(
    file,
    ['slack_user_id,email,name,department', ...people.map((p) => `${p.slackUserId},${p.email},${p.name},${p.department}`)].join('\n'),
  );
  return file;
}
