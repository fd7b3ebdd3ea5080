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
