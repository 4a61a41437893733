import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';

export function registerAssistant(_app: App, _services: Services): void {}
