import type { Command } from 'commander';
import pc from 'picocolors';

export function registerComponentsCommand(program: Command): void {
  program
    .command('components')
    .description('List the registered component kinds and their parameters')
    .option('--json', 'print the catalogue as JSON')
    .option('--markdown', 'print the catalogue, samplers and pruners as Markdown (the text of docs/components.md)')
    .action(async (opts: { json?: boolean; markdown?: boolean }) => {
      const { listComponents } = await import('../../components/index.js');
      const components = listComponents().map((c) => ({
        kind: c.kind,
        role: c.role,
        description: c.description,
        accepts: c.role === 'feature' ? c.accepts : undefined,
        onnxExportable: c.toOnnx !== undefined,
        // Defaults' answer; params such as hashing's alternateSign can change it.
        nonNegativeOutput: c.role === 'feature' ? c.nonNegativeOutput(Object.fromEntries(Object.entries(c.params).map(([k, p]) => [k, p.default]))) : undefined,
        needsNonNegativeInput: c.role === 'classifier' ? c.needsNonNegativeInput === true : undefined,
        params: c.params,
      }));
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(components, null, 2)}\n`);
        return;
      }
      if (opts.markdown) {
        // The same text as docs/components.md (npm run docs:components writes it from here).
        const { componentsMarkdown } = await import('../components-markdown.js');
        process.stdout.write(componentsMarkdown());
        return;
      }
      for (const c of components) {
        process.stdout.write(`${pc.bold(c.kind)} ${pc.dim(`(${c.role}${c.accepts ? `: ${c.accepts.join(', ')}` : ''})`)} ${c.description}\n`);
        for (const [name, p] of Object.entries(c.params)) {
          const range = 'choices' in p ? p.choices.join('|') : 'min' in p || 'max' in p ? `[${'min' in p ? p.min ?? '' : ''}, ${'max' in p ? p.max ?? '' : ''}]` : p.type;
          const search = p.search ? pc.dim(` searched: ${JSON.stringify(p.search)}`) : '';
          process.stdout.write(`    ${name.padEnd(16)} ${String(JSON.stringify(p.default)).padEnd(10)} ${range.padEnd(22)} ${p.description}${search}\n`);
        }
      }
    });
}
