/**
 * A Temporal dev server of the bench's own, on free ports, for all its `autoflow` commands
 * (TEMPORAL_ADDRESS). Why: `autoflow run` joins whatever answers on localhost:7233, and on a
 * shared machine that may be somebody else's short-lived server (a first full run lost its
 * SpamAssassin case when such a server went away mid-search), or others may join ours.
 * Started with dist/'s own dev-server code and the Temporal CLI it obtains, as `run` would.
 */
import path from 'node:path';

import { distUrl as dist } from '../product.mjs';

export async function startPrivateServer(home, say) {
  const [{ startDevServer, freePort }, { obtainTemporalBinary }] = await Promise.all([import(dist('devserver/dev-server.js')), import(dist('devserver/obtain-temporal.js'))]);
  const binary = (await obtainTemporalBinary(say)).path;
  const port = await freePort();
  let uiPort = await freePort();
  while (uiPort === port) uiPort = await freePort();
  const server = await startDevServer({ binary, port, uiPort, dbFile: path.join(home, 'temporal.db') });
  say(`private Temporal dev server on ${server.address} (UI ${server.uiUrl})`);
  return server;
}
