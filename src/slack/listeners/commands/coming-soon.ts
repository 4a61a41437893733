import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';

export function comingSoon(feature: string) {
  return async ({ ack }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    await ack({ response_type: 'ephemeral', text: `${feature} are coming soon. Try \`/kiki help\` to see what works today.` });
  };
}
