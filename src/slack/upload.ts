import type { WebClient } from '@slack/web-api';
import { SlackCallError } from '../errors.js';

export interface UploadFile {
  filename: string;
  data: Buffer;
  title?: string;
}

/** Uploads files to a channel or DM in one message (files.getUploadURLExternal → upload → complete). */
export async function uploadFiles(
  client: WebClient,
  target: { channel: string; threadTs?: string; initialComment?: string },
  files: UploadFile[],
): Promise<void> {
  await client.files.uploadV2({
    channel_id: target.channel,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    ...(target.initialComment ? { initial_comment: target.initialComment } : {}),
    file_uploads: files.map((f) => ({ file: f.data, filename: f.filename, title: f.title ?? f.filename })),
  });
}

/** The DM channel between Kiki and a user (conversations.open is idempotent). */
export async function openDm(client: WebClient, userId: string): Promise<string> {
  const res = await client.conversations.open({ users: userId });
  const id = res.channel?.id;
  if (!id) throw new SlackCallError(`conversations.open returned no channel for ${userId}`);
  return id;
}
