// Time to the HTTP ack of a signed Slack request, against a bare HTTP server measured in the same run.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startFakeSlack } from '../src/sandbox/fake-slack.js';
import { SlackRequestSender } from '../src/sandbox/signed-requests.js';
import { createServices } from '../src/services.js';
import { createSlackApp } from '../src/slack/app.js';
import { createSlackDirectory } from '../src/slack/directory.js';
import { percentile, printTable, tempDataDir } from './lib/bench-utils.js';

const N = 300;
const slack = await startFakeSlack();
const config = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: 'bench',
  SLACK_API_URL: slack.apiUrl,
  KIKI_DATA_DIR: tempDataDir(),
  LOG_LEVEL: 'silent',
});
const silent = createLogger('silent');
const services = await createServices(config, silent, { directory: createSlackDirectory(config, silent) });
const runtime = createSlackApp(config, services, { host: '127.0.0.1', port: 0 });
const { url } = await runtime.start();
const send = new SlackRequestSender(url as string, 'bench');

const bare = http.createServer((_req, res) => res.end('ok'));
await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`;

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

const baseline = await time(() => fetch(bareUrl, { method: 'POST', body: '{}' }).then((r) => r.text()));
const command = await time(() => send.command({ command: '/kiki', text: 'help', user_id: 'U0BENCH', response_url: slack.responseUrl() }));

printTable(
  `Signed request to HTTP ack, ${N} requests`,
  ['path', 'p50 ms', 'p95 ms', 'ratio p95'],
  [
    ['bare HTTP server (baseline)', percentile(baseline, 50), percentile(baseline, 95), 1],
    [
      '/kiki help (signature check, store, ack)',
      percentile(command, 50),
      percentile(command, 95),
      percentile(command, 95) / percentile(baseline, 95),
    ],
  ],
);

await runtime.stop(2000);
await services.close();
await slack.close();
bare.close();
