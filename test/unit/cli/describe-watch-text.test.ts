/** `autoflow deploy --describe-watch` as text: the watch's mode, and for stream its subscription and output topic. */
import { describe, expect, it } from 'vitest';
import { describeText } from '../../../cli/follow-deploy-watch.js';
import type { DeployWatchState } from '../../../workflows/deploy-types.js';

const state = (input: DeployWatchState['input']): DeployWatchState => ({ input, lastHandled: 2, outcomes: [], counts: { deployed: 1, refused: 0, skipped: 0 }, status: 'waiting for a new version' });
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');

describe('describeText', () => {
  it('shows a streaming watch with its subscription and output topic', () => {
    const text = plain(describeText('deploy-watch-spam-production', 'RUNNING', state({ name: 'spam', pollSeconds: 5, mode: 'stream', stream: { subscription: 'projects/p/subscriptions/scorer', outputTopic: 'verdicts', deadLetterTopic: 'rejects' } })));
    expect(text.split('\n').slice(0, 2)).toEqual(['deploy-watch-spam-production running: new versions of spam -> @production, looking every 5 s', 'mode stream: subscription projects/p/subscriptions/scorer, output topic verdicts']);
  });

  it('shows serve for a serving watch and for one started before streaming mode', () => {
    expect(plain(describeText('w', 'RUNNING', state({ name: 'spam', mode: 'serve' }))).split('\n')[1]).toBe('mode serve');
    expect(plain(describeText('w', 'RUNNING', state({ name: 'spam' }))).split('\n')[1]).toBe('mode serve');
  });
});
