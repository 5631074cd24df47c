/**
 * The floor under any Node.js server: node:http answering /v1/predict with a fixed
 * prediction after parsing the body, no model and no libraries. The benchmark runs it beside
 * the real servers so the part of autoflow serve's memory that is Node itself is measured in
 * the same run, not assumed.
 *
 *   node bare-node-server.mjs PORT
 */
import { createServer } from 'node:http';

const answer = (records) =>
  JSON.stringify({ model: { name: 'none', version: 0 }, predictions: records.map(() => ({ label: 'ham', probabilities: { ham: 0.5, spam: 0.5 } })) });

createServer((req, res) => {
  if (req.url === '/healthz') return res.end('{"status":"ok"}');
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const out = answer(JSON.parse(body).records ?? []);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
