/** Slack's error shape for a refused payload: the error name, and one `[ERROR] …` line per problem. */
export function refusal(error: string, problems: string[]): Record<string, unknown> {
  return { ok: false, error, errors: problems, response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } };
}
