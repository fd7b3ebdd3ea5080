// `npm run publish` as a command: the transport to D1, the migrations, the report, the WebSub
// ping (the entry, src/publish.ts, reads the arguments and the environment).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../../config.ts';
import { formatProblem } from '../../content/article.ts';
import { rejectedFiles } from '../../store/catalog.ts';
import { WebSubPublisher } from '../../websub/publisher.ts';
import { changedTopics } from '../../websub/topics.ts';
import { localD1 } from './local-d1.ts';
import { indexFile, SchemaBehind, type IndexCache } from './publish-held.ts';
import { publishStore } from './publish.ts';
import type { Progress } from './publish-stage.ts';
import { runWrangler, textClient, wranglerTransport, type D1Target } from './wrangler-d1.ts';

export interface PublishRun {
  dir: string;
  config: Config;
  target: D1Target;
  /** With a local target: the id of its local D1 (wrangler.toml), and its folder. */
  local?: { id: string; persistTo: string };
  migrations: URL;
  now: number;
  /** Draw a progress line (a terminal, not CI). */
  progress: boolean;
}

/** One line, drawn over itself on a terminal: what a long publish is doing. */
function progressLine(): Progress {
  return (phase, done, of) =>
    void process.stderr.write(
      `\rpublish: ${phase === 'read' ? `${done} files read` : `${done} of ${of} articles written`}\u001b[K`,
    );
}

/**
 * Where a publish keeps its copy of D1's index (publish-held.ts): beside the local D1's state,
 * or in wrangler's folder beside wrangler.toml for the remote one. Deleting it is always safe.
 */
function indexOf({ local, target }: PublishRun): IndexCache {
  return indexFile(
    local
      ? join(local.persistTo, 'dateline', `${local.id}.json`)
      : join(
          dirname(target.config ?? 'wrangler.toml'),
          '.wrangler',
          'dateline',
          `remote-${target.database}.json`,
        ),
  );
}

/** Publishes, prints as `npm run check` does, and gives the exit code (1: a file rejected). */
export async function runPublish(run: PublishRun): Promise<number> {
  const { dir, config, target } = run;
  const local = run.local && (await localD1(run.local.persistTo, run.local.id));
  const transport = local ?? wranglerTransport(target);
  try {
    const client = textClient(transport);
    const count = readdirSync(run.migrations).filter((name) => name.endsWith('.sql')).length;
    const progress = run.progress ? progressLine() : undefined;
    const options = { ...config, clock: () => run.now };
    const publish = () => publishStore(client, dir, options, count, progress, indexOf(run));
    const result = await publish().catch(async (error: unknown) => {
      if (!(error instanceof SchemaBehind)) throw error;
      await runWrangler(['d1', 'migrations', 'apply', target.database], target);
      return publish();
    });
    if (progress) process.stderr.write('\r\u001b[K');
    const { catalog, previous } = result;
    for (const problem of catalog.problems) console.error(formatProblem(problem, dir));
    const rejected = rejectedFiles(catalog);
    const changed = catalog !== previous;
    console.log(
      `publish: ${dir}: ${catalog.bySlug.size} articles, ${rejected} files rejected; ` +
        (changed
          ? `${result.written} written, ${result.removed} taken down: version ${result.version}`
          : `nothing changed: version ${result.version}`) +
        ` of the ${target.where} D1 '${target.database}'`,
    );
    if (changed && config.websubHub) {
      const topics = changedTopics(config, previous, catalog);
      const hub = new WebSubPublisher({ hub: config.websubHub, retryDelaysMs: [1000, 5000] });
      hub.publish(topics);
      await hub.idle();
      console.log(`publish: told ${config.websubHub} about ${topics.length} feeds`);
    }
    return rejected > 0 ? 1 : 0;
  } finally {
    await local?.close();
  }
}
