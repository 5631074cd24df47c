/**
 * `autoflow report <searchId>`: the HTML report of a finished search, read from the artifact
 * store (`searches/<searchId>/report.html`, written when the search refits its winner).
 * Prints the path of a local copy, writes it where --output says, or opens it in a browser.
 * Needs no Temporal server: only the artifact store the workers write to.
 */
import type { Command } from 'commander';
import { UserInputError } from '../../core/errors.js';
import type { ArtifactRef, ArtifactStore } from '../../artifacts/artifact-store.js';

interface ReportOptions {
  output?: string;
  open?: boolean;
  json?: boolean;
  artifacts?: string;
}

export interface LocalReport {
  searchId: string;
  /** Where the report lives in the artifact store. */
  uri: string;
  sha256: string;
  bytes: number;
  /** A local file with the report. */
  path: string;
}

/** Artifacts a search leaves behind, in the order it writes them; named when the report is missing. */
const SEARCH_ARTIFACTS = ['dataset.json', 'profile.json', 'refit.json', 'pipeline.json'];

/** The store key of a search's report; the id must be one path segment. */
export function reportKey(searchId: string): string {
  // Control characters are exactly what a path segment must not hold.
  // eslint-disable-next-line no-control-regex
  if (!searchId || searchId.includes('/') || searchId.includes('\\') || searchId === '.' || searchId === '..' || /[\u0000-\u001f\u007f]/.test(searchId)) {
    throw new UserInputError(`${JSON.stringify(searchId)} is not a search id (search ids are single names like listing-spam-20240611-7f3a; see \`autoflow list\`)`);
  }
  return `searches/${searchId}/report.html`;
}

/**
 * The report's bytes and ref. A missing report is a UserInputError that says which of the
 * search's artifacts do exist, so the user can tell a wrong id or store from a search that
 * has not finished.
 */
export async function readSearchReport(store: ArtifactStore, searchId: string): Promise<{ ref: ArtifactRef; data: Buffer }> {
  const key = reportKey(searchId);
  const ref = await store.head(key);
  if (ref) return { ref, data: await store.get(ref) };
  const present: string[] = [];
  for (const name of SEARCH_ARTIFACTS) if (await store.head(`searches/${searchId}/${name}`)) present.push(name);
  if (!present.length) {
    throw new UserInputError(
      `no report for search ${searchId}: nothing is stored for that search under ${store.rootUri} ` +
        '(check the id with `autoflow list`, and that --artifacts or AUTOFLOW_ARTIFACTS names the store the workers write to)',
    );
  }
  const refitted = present.includes('refit.json');
  throw new UserInputError(
    `no report for search ${searchId} in ${store.rootUri}: the search has ${present.join(', ')} but no report.html; ` +
      (refitted
        ? 'it was refitted without writing a report (an AutoFlow version without reports, or the report step failed; see the refit activity in the Temporal UI)'
        : `the report is written when the search finishes refitting its winner (see \`autoflow status ${searchId}\`)`),
  );
}

/**
 * A local file with the report: `output` when given (written atomically enough for a user
 * file: whole buffer, parent created), else the store's own file for a filesystem store, else
 * a copy under `<AUTOFLOW_HOME>/reports/`.
 */
export async function saveSearchReport(store: ArtifactStore, searchId: string, output?: string): Promise<LocalReport> {
  const [{ mkdir, writeFile }, { dirname, join, resolve }, { fileURLToPath }, { autoflowHome }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
    import('node:url'),
    import('../../devserver/project-paths.js'),
  ]);
  const { ref, data } = await readSearchReport(store, searchId);
  let path: string;
  if (output) {
    path = resolve(output);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  } else if (ref.uri.startsWith('file:')) {
    path = fileURLToPath(ref.uri);
  } else {
    path = join(autoflowHome(), 'reports', `${searchId}.html`);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, data);
  }
  return { searchId, uri: ref.uri, sha256: ref.sha256, bytes: ref.bytes, path };
}

/** The desktop's "open this file" command, when there is one on PATH. */
async function findOpener(): Promise<{ command: string; args: string[] } | undefined> {
  const [{ access, constants }, { delimiter, join }] = await Promise.all([import('node:fs/promises'), import('node:path')]);
  if (process.platform === 'win32') return { command: 'cmd', args: ['/c', 'start', '""'] };
  const name = process.platform === 'darwin' ? 'open' : 'xdg-open';
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    try {
      await access(join(dir, name), constants.X_OK);
      return { command: join(dir, name), args: [] };
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Opens `path` in the default browser without waiting for it; false when no opener exists. */
export async function openInBrowser(path: string): Promise<boolean> {
  const opener = await findOpener();
  if (!opener) return false;
  const { spawn } = await import('node:child_process');
  return new Promise((resolveOpen) => {
    const child = spawn(opener.command, [...opener.args, path], { detached: true, stdio: 'ignore' });
    child.once('error', () => resolveOpen(false));
    child.once('spawn', () => {
      child.unref();
      resolveOpen(true);
    });
  });
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description("A finished search's HTML report (history, parameters, test curves, data profile): print its path, save it, or open it")
    .argument('<searchId>', 'the search id (the workflow id printed by `autoflow run`; see `autoflow list`)')
    .option('-o, --output <file>', 'write the report to FILE')
    .option('--open', 'open the report in the default browser (xdg-open)')
    .option('--json', 'print where the report is as JSON')
    .option('--artifacts <uri>', 'artifact store root: a directory, file:// or gs://bucket/prefix (default: AUTOFLOW_ARTIFACTS or .autoflow/artifacts)')
    .action(async (searchId: string, opts: ReportOptions) => {
      const [{ createArtifactStore }, { storageLocations }] = await Promise.all([import('../../artifacts/index.js'), import('../../worker/default-deps.js')]);
      const store = createArtifactStore(opts.artifacts ?? storageLocations().artifacts);
      const report = await saveSearchReport(store, searchId, opts.output);
      let opened = false;
      if (opts.open) {
        opened = await openInBrowser(report.path);
        if (!opened) process.stderr.write(`no ${process.platform === 'darwin' ? 'open' : 'xdg-open'} command here; open ${report.path} in a browser\n`);
      }
      if (opts.json) {
        process.stdout.write(`${JSON.stringify({ ...report, opened }, null, 2)}\n`);
        return;
      }
      process.stdout.write(`${report.path}\n`);
    });
}
