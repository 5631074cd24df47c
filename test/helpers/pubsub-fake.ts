/**
 * Starts pubsub-fake (tools/pubsub-fake: Google's pstest, the real Pub/Sub gRPC API in memory)
 * on a free loopback port for the stream tests. A missing binary fails the tests with the
 * command that builds it: the streaming code must not pass by being skipped.
 */
import { spawn } from 'node:child_process';
import { PubSub, type Message, type Subscription } from '@google-cloud/pubsub';
import { findToolBinary } from './tool-binary.js';

export interface PubSubFake {
  /** HOST:PORT, for PUBSUB_EMULATOR_HOST. */
  host: string;
  /** A client of the fake in project `test`. */
  client: PubSub;
  stop(): Promise<void>;
}

export const FAKE_PROJECT = 'test';

export async function startPubSubFake(): Promise<PubSubFake> {
  const { path, tried } = findToolBinary('pubsub-fake');
  if (!path) throw new Error(`the stream tests need pubsub-fake; looked in ${tried[0]} and on PATH. Build it with \`bash .ci/install-pubsub-fake.sh\`.`);
  const child = spawn(path, ['-host', '127.0.0.1', '-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const host = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pubsub-fake did not start within 10 s: ${output}`)), 10_000);
    const read = (d: Buffer) => {
      output += d.toString();
      const match = /listening on (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => reject(new Error(`pubsub-fake exited with code ${code}: ${output}`)));
  });
  // apiEndpoint on a non-Google host puts the client in emulator mode (plain gRPC, no credentials).
  const client = new PubSub({ projectId: FAKE_PROJECT, apiEndpoint: host, emulatorMode: true });
  return {
    host,
    client,
    async stop() {
      await client.close();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface Received {
  id: string;
  json: unknown;
  data: Buffer;
  attributes: Record<string, string>;
}

/** Receives (and acks) everything a subscription delivers, for assertions. */
export function collect(subscription: Subscription): { received: Received[]; close(): Promise<void> } {
  const received: Received[] = [];
  subscription.on('message', (m: Message) => {
    let json: unknown;
    try {
      json = JSON.parse(m.data.toString());
    } catch {
      json = undefined;
    }
    received.push({ id: m.id, json, data: m.data, attributes: { ...m.attributes } });
    m.ack();
  });
  subscription.on('error', () => undefined);
  return { received, close: () => subscription.close() };
}
