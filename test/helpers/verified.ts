/** The state Slack sends when a modal is submitted as it was opened (every input at its initial value). */
export function unchangedState(
  view: { blocks?: unknown[] },
  overrides: Record<string, string> = {},
): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of (view.blocks ?? []) as {
    type: string;
    block_id: string;
    element: { type: string; action_id: string; initial_value?: string; initial_options?: unknown[]; initial_option?: unknown };
  }[]) {
    if (b.type !== 'input') continue;
    const e = b.element;
    const v =
      e.type === 'plain_text_input'
        ? { type: e.type, value: overrides[b.block_id] ?? e.initial_value ?? '' }
        : e.type === 'multi_static_select'
          ? { type: e.type, selected_options: e.initial_options ?? [] }
          : { type: e.type, selected_option: e.initial_option ?? null };
    values[b.block_id] = { [e.action_id]: v };
  }
  return values;
}
