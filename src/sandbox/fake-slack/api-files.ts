import { type FakeFile, type Handler, mimeOf, type SlackState } from './state.js';

/** files.getUploadURLExternal / files.completeUploadExternal: the two-step upload of the Web API client. */
export function filesApi(s: SlackState): Record<string, Handler> {
  return {
    'files.info': (a) => {
      const file = s.files.get(String(a.file));
      return file ? { file: { ...file, data: undefined, url_private_download: file.url_private } } : { ok: false, error: 'file_not_found' };
    },
    'files.getUploadURLExternal': (a) => {
      if (!a.filename || !Number(a.length)) return { ok: false, error: 'invalid_arguments' };
      const id = s.nextId('F');
      s.pendingUploads.set(id, { name: String(a.filename), length: Number(a.length) });
      return { upload_url: `${s.baseUrl}upload/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (a) => {
      const list = (Array.isArray(a.files) ? a.files : []) as { id: string; title?: string }[];
      const done: FakeFile[] = [];
      for (const f of list) {
        const pending = s.pendingUploads.get(f.id);
        if (!pending?.data) return { ok: false, error: 'file_not_found' };
        const file: FakeFile = {
          id: f.id,
          name: pending.name,
          title: f.title ?? pending.name,
          mimetype: mimeOf(pending.name),
          size: pending.data.length,
          data: pending.data,
          url_private: `${s.baseUrl}files/${f.id}/${encodeURIComponent(pending.name)}`,
        };
        s.files.set(f.id, file);
        s.pendingUploads.delete(f.id);
        done.push(file);
      }
      if (a.channel_id) {
        s.post({
          channel: String(a.channel_id),
          ts: s.nextTs(),
          bot_id: s.botId,
          user: s.botUserId,
          files: done,
          ...(typeof a.initial_comment === 'string' ? { text: a.initial_comment } : {}),
          ...(a.thread_ts ? { thread_ts: String(a.thread_ts) } : {}),
        });
      }
      return { files: done.map(({ data: _data, ...rest }) => rest) };
    },
  };
}
