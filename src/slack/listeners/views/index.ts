import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { CONTRACT_CALLBACK } from '../../blocks/contract.js';
import { contractSubmit } from './contract-submit.js';

export function registerViews(app: App, services: Services): void {
  app.view(CONTRACT_CALLBACK, contractSubmit(services));
}
