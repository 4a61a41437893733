import type { KnownBlock, View } from '@slack/types';
import { z } from 'zod';
import { type ChannelSettings, type ChannelSettingsInput, describeSettings } from '../../channels/settings.js';

export const CHANNEL_ACTION = { add: 'kiki_channel_add', disable: 'kiki_channel_disable' } as const;
export const CHANNEL_VIEW = 'kiki_channel_settings';
export const CHANNEL_FIELDS = {
  channel: 'ch_channel',
  options: 'ch_options',
  reply: 'ch_reply',
  teams: 'ch_teams',
  handoff: 'ch_handoff',
  cap: 'ch_cap',
} as const;
const V = 'v';

/** The admin's App Home section: the channels Kiki answers in unprompted, each with *Turn off*, and *Add a channel*. */
export function buildChannelAdminBlocks(channels: { settings: ChannelSettings; today: number }[]): KnownBlock[] {
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Channel answers' } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: 'Channels where Kiki answers questions without being tagged, only when it is sure, with what every member may read.',
        },
      ],
    },
  ];
  if (channels.length === 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: '_No channel yet._' } });
  for (const { settings, today } of channels.slice(0, 20)) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `<#${settings.channelId}>  ${describeSettings(settings)} · ${today} today` },
      accessory: {
        type: 'button',
        action_id: CHANNEL_ACTION.disable,
        text: { type: 'plain_text', text: 'Turn off' },
        value: settings.channelId,
      },
    });
  }
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', action_id: CHANNEL_ACTION.add, text: { type: 'plain_text', text: 'Add a channel' }, style: 'primary' }],
  });
  return blocks;
}

const option = (value: string, text: string) => ({ value, text: { type: 'plain_text' as const, text } });

/** The modal that turns channel answers on (or replaces a channel's settings). */
export function buildChannelModal(teams: string[]): View {
  const input = (block_id: string, label: string, element: Record<string, unknown>, optional = false): KnownBlock =>
    ({
      type: 'input',
      block_id,
      optional,
      label: { type: 'plain_text', text: label },
      element: { ...element, action_id: V },
    }) as KnownBlock;
  const blocks: KnownBlock[] = [
    input(CHANNEL_FIELDS.channel, 'Channel', {
      type: 'conversations_select',
      filter: { include: ['public', 'private'] },
      placeholder: { type: 'plain_text', text: 'Pick a channel' },
    }),
    input(
      CHANNEL_FIELDS.options,
      'Answer',
      {
        type: 'checkboxes',
        options: [
          option('questions_only', 'Only messages that look like questions'),
          option('only_tagged', 'Only when tagged (no unprompted answers)'),
          option('allow_external', 'Also if shared with another organisation (public documents only)'),
        ],
        initial_options: [option('questions_only', 'Only messages that look like questions')],
      },
      true,
    ),
    input(CHANNEL_FIELDS.reply, 'Reply', {
      type: 'radio_buttons',
      options: [option('thread', 'In the thread'), option('ephemeral', 'Privately, to the person who asked')],
      initial_option: option('thread', 'In the thread'),
    }),
    input(
      CHANNEL_FIELDS.teams,
      'Only answer these departments',
      { type: 'plain_text_input', placeholder: { type: 'plain_text', text: 'Finance, Sales (empty: everyone)' } },
      true,
    ),
  ];
  if (teams.length) {
    blocks.push(
      input(
        CHANNEL_FIELDS.handoff,
        'Hand off to',
        { type: 'static_select', options: teams.slice(0, 100).map((t) => option(t.slice(0, 75), t.slice(0, 75))) },
        true,
      ),
    );
  }
  blocks.push(
    input(CHANNEL_FIELDS.cap, 'At most this many answers a day', { type: 'number_input', is_decimal_allowed: false, min_value: '1' }, true),
  );
  return {
    type: 'modal',
    callback_id: CHANNEL_VIEW,
    title: { type: 'plain_text', text: 'Channel answers' },
    submit: { type: 'plain_text', text: 'Turn on' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

const stateSchema = z.record(
  z.string(),
  z.record(
    z.string(),
    z.object({
      selected_conversation: z.string().nullish(),
      selected_options: z.array(z.object({ value: z.string() })).nullish(),
      selected_option: z.object({ value: z.string() }).nullish(),
      value: z.string().nullish(),
    }),
  ),
);

/** The submitted modal as settings input (to be checked by channelSettingsSchema). */
export function readChannelModal(values: unknown): Record<keyof ChannelSettingsInput, unknown> {
  const state = stateSchema.parse(values);
  const field = (block: string) => state[block]?.[V];
  const checked = new Set((field(CHANNEL_FIELDS.options)?.selected_options ?? []).map((o) => o.value));
  const teams = (field(CHANNEL_FIELDS.teams)?.value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const cap = field(CHANNEL_FIELDS.cap)?.value;
  return {
    channelId: field(CHANNEL_FIELDS.channel)?.selected_conversation ?? '',
    questionsOnly: checked.has('questions_only'),
    onlyTagged: checked.has('only_tagged'),
    allowExternal: checked.has('allow_external'),
    reply: field(CHANNEL_FIELDS.reply)?.selected_option?.value ?? 'thread',
    teams: teams.length ? teams : undefined,
    handoffTeam: field(CHANNEL_FIELDS.handoff)?.selected_option?.value ?? undefined,
    dailyCap: cap ? Number(cap) : undefined,
  };
}

/** Which modal field a settings problem belongs to. */
export const FIELD_OF: Partial<Record<keyof ChannelSettingsInput, string>> = {
  channelId: CHANNEL_FIELDS.channel,
  reply: CHANNEL_FIELDS.reply,
  teams: CHANNEL_FIELDS.teams,
  handoffTeam: CHANNEL_FIELDS.handoff,
  dailyCap: CHANNEL_FIELDS.cap,
};
