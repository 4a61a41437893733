import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../logger.js';
import { openDm, type UploadFile, uploadFiles } from '../upload.js';

/** Where the report was posted: its conversation, the thread it is in, and the report message itself. */
export interface PostedReport {
  userId: string;
  channel: string;
  threadTs?: string | undefined;
  reportTs?: string | undefined;
}

/**
 * The chart and the CSV under the report. Where Kiki may not upload them, the report stays as it is: the files
 * go to the requester by DM, and a line under the report says so and how to let Kiki attach them next time.
 */
export async function attachReportFiles(client: WebClient, logger: Logger, posted: PostedReport, files: UploadFile[]): Promise<void> {
  const { channel } = posted;
  try {
    await uploadFiles(
      client,
      {
        channel,
        ...(posted.threadTs ? { threadTs: posted.threadTs } : {}),
        initialComment: 'Chart and per-article CSV of the report above.',
      },
      files,
    );
  } catch (error) {
    logger.warn({ err: error, channel }, 'sentiment chart and CSV not uploaded in the channel');
    const dm = await openDm(client, posted.userId);
    const inDm =
      dm !== channel &&
      (await uploadFiles(client, { channel: dm, initialComment: 'Chart and per-article CSV of your press sentiment report.' }, files).then(
        () => true,
        () => false,
      ));
    const threadTs = posted.threadTs ?? posted.reportTs;
    await client.chat
      .postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        text: `The report above is complete, but I couldn't attach its chart and CSV here. ${inDm ? 'I sent them to you by direct message. ' : ''}To get them in this channel next time, invite me with \`/invite @Kiki\`.`,
      })
      .catch((postError: unknown) => logger.warn({ err: postError }, 'could not explain the missing chart'));
  }
}
