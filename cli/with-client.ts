/** Commands that talk to a running Temporal server: connect, work, always close. */
import type { AutoflowClient } from '../client/autoflow-client.js';

export async function withClient<T>(fn: (client: AutoflowClient) => Promise<T>): Promise<T> {
  // Loaded on use, like every command's heavy imports.
  const { AutoflowClient } = await import('../client/autoflow-client.js');
  const client = await AutoflowClient.connect();
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}
