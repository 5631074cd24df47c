/** Workflow id of the watch of `name` into `toAlias`: one watch per model and target alias, so starting it twice finds the first. */
export function deployWatchId(name: string, toAlias = 'production'): string {
  return `deploy-watch-${name}-${toAlias}`;
}
