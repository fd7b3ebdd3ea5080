// The Worker's settings as wrangler.toml gives them, for the Node commands that act for it
// (`npm run publish`, the deploy's WebSub announcement).

/** The `key = "value"` lines of the [vars] table of a wrangler.toml. */
export function wranglerVars(toml: string): Record<string, string> {
  const vars: Record<string, string> = {};
  let inVars = false;
  for (const line of toml.split('\n')) {
    const table = /^\s*\[([^\]]+)\]/.exec(line);
    if (table) inVars = table[1]?.trim() === 'vars';
    const pair = inVars && /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"/.exec(line);
    if (pair) vars[pair[1] ?? ''] = JSON.parse(`"${pair[2] ?? ''}"`) as string;
  }
  return vars;
}

/**
 * The id wrangler gives the local copy of the D1 database bound as `binding` (its
 * `preview_database_id`, else its `database_id`): a local D1 is found by it.
 */
export function localDatabaseId(toml: string, binding: string): string | undefined {
  for (const block of toml.split(/^\s*\[\[d1_databases\]\]\s*$/m).slice(1)) {
    const table = block.split(/^\s*\[/m)[0] ?? '';
    const value = (key: string) =>
      new RegExp(`^\\s*${key}\\s*=\\s*"([^"]*)"`, 'm').exec(table)?.[1];
    if (value('binding') === binding || value('database_name') === binding)
      return value('preview_database_id') ?? value('database_id');
  }
  return undefined;
}
