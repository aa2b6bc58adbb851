/**
 * The `zonekeeper` command line: `run` (the default), `sync`, `plan`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { describeConfig, loadConfig, validateConfig, type CliValues, type Config } from '../config/index.ts';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { runController } from '../controller/controller.ts';
import { createControllerMetrics } from '../controller/metrics.ts';
import { startHttpServer } from '../server/index.ts';
import { buildFeedback, buildLeaderElector } from './compose-kube.ts';
import { reconcileOnce, computePlan } from '../controller/reconcile.ts';
import { createLogger, type Logger } from '../log/logger.ts';
import { hasChanges } from '../plan/changes.ts';
import { composeApp, configChecks, type App } from './compose.ts';
import { addFlags } from './options.ts';
import { planToJson, planToTable } from './plan-output.ts';
import { runWhoami } from './whoami.ts';

const VERSION = '0.1.0';
const EXIT_ERROR = 1;
const EXIT_CHANGES_PENDING = 2;

function resolve(cli: CliValues, stream: 'stdout' | 'stderr' = 'stdout'): { config: Config; logger: Logger } {
  const loaded = loadConfig({ cli, env: process.env, readFile: (p) => readFileSync(p, 'utf8') });
  const errors = loaded.ok ? validateConfig(loaded.config, configChecks) : loaded.errors;
  if (!loaded.ok || errors.length > 0) {
    for (const e of errors) process.stderr.write(`zonekeeper: ${e}\n`);
    process.exit(EXIT_ERROR);
  }
  const logger = createLogger({ level: loaded.config.logLevel, format: loaded.config.logFormat, isTty: process.stderr.isTTY, stream });
  return { config: loaded.config, logger };
}

/** Builds the app; a configuration problem found while building (a bad key, an unreadable zone file) exits 1. */
function compose(config: Config, logger: Logger): App {
  try {
    return composeApp(config, logger, process.env);
  } catch (error) {
    process.stderr.write(`zonekeeper: ${(error as Error).message}\n`);
    process.exit(EXIT_ERROR);
  }
}

async function runLoop(cli: CliValues): Promise<void> {
  const { config, logger } = resolve(cli);
  const app = compose(config, logger);
  logger.info({ config: describeConfig(config) }, 'zonekeeper starting');
  if (config.once) {
    await onePass(app, config, logger);
    await app.close();
    return;
  }
  await app.start();
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = createControllerMetrics({ registry, sources: app.metricSources, version: VERSION });
  const kube = app.kube;
  // A dry run writes nothing, so it needs no lease; taking one would stop the real leader from writing.
  const leader = kube === undefined || config.dryRun ? undefined : buildLeaderElector(config, kube, logger, process.env);
  const feedback = kube === undefined || config.dryRun ? undefined : buildFeedback(config, kube, logger, metrics);
  const synced = kube?.sources.start();
  const controller = runController({
    deps: app.deps,
    dryRun: config.dryRun,
    intervalMs: config.interval,
    debounceMs: config.eventDebounce,
    maxDelayMs: config.maxEventDelay,
    ...(leader === undefined ? {} : { leader }),
    ...(feedback === undefined ? {} : { feedback }),
    metrics,
    logger,
    ...(synced === undefined ? {} : { synced }),
  });
  // startHttpServer logs the address it serves on.
  const server = await startHttpServer({ address: config.metricsAddress, registry, health: controller.health, logger });
  leader?.start();
  await new Promise<void>((resolveStop) => {
    const stop = (signal: string): void => {
      logger.info({ signal }, 'zonekeeper stopping');
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    // Caches that never synced (RBAC, a missing CRD) would leave a replica unready for good with no
    // pass ever run: exit 1 instead (the controller has logged why), so the kubelet restarts it, as ExternalDNS does.
    synced?.catch(() => {
      process.exitCode = EXIT_ERROR;
      resolveStop();
    });
  });
  // Stop writing first, then hand the lease over, then stop serving and watching.
  await controller.stop();
  await leader?.stop();
  await server.close();
  await app.close();
}

/** One-shot commands read live cluster sources too: their caches must hold a full list first. */
async function syncSources(app: App): Promise<void> {
  await app.kube?.sources.start();
}

async function onePass(app: App, config: Config, logger: Logger): Promise<void> {
  try {
    await syncSources(app);
    const result = await reconcileOnce(app.deps, { dryRun: config.dryRun });
    if (result.rejected.length > 0 || result.plan.refusals.length > 0) process.exitCode = EXIT_ERROR;
  } catch (error) {
    logger.error({ err: error }, 'Sync failed; a failure before the write step writes nothing');
    process.exitCode = EXIT_ERROR;
  }
}

async function syncOnce(cli: CliValues): Promise<void> {
  const { config, logger } = resolve(cli);
  const app = compose(config, logger);
  await onePass(app, config, logger);
  await app.close();
}

async function plan(cli: CliValues, output: string): Promise<void> {
  // stdout carries the plan (a table, or JSON for scripts): logs go to stderr.
  const { config, logger } = resolve(cli, 'stderr');
  const app = compose(config, logger);
  try {
    await syncSources(app);
    const { plan: result, problems } = await computePlan(app.deps);
    process.stdout.write(output === 'json' ? `${JSON.stringify(planToJson(result, problems), null, 2)}\n` : planToTable(result, problems, app.deps.registry.ownerId));
    process.exitCode = hasChanges(result.changes) ? EXIT_CHANGES_PENDING : 0;
  } catch (error) {
    process.stderr.write(`zonekeeper plan: ${(error as Error).message}\n`);
    process.exitCode = EXIT_ERROR;
  } finally {
    await app.close();
  }
}

export function buildProgram(): Command {
  const program = new Command('zonekeeper')
    .description('Keeps DNS records in step with Kubernetes objects. A drop-in successor to ExternalDNS.')
    .showHelpAfterError()
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_ERROR));
  addFlags(program.command('run', { isDefault: true }).description('Keep DNS in step: re-plan when sources change and at least every --interval.'))
    .action((opts: CliValues) => runLoop(opts));
  addFlags(program.command('sync').description('Make one pass (plan and apply) and exit.'))
    .action((opts: CliValues) => syncOnce(opts));
  addFlags(program.command('plan').description('Print the changes a pass would make. Exit code: 0 none, 2 changes pending, 1 error.'))
    .addOption(new Option('--output <format>', 'table or json').choices(['table', 'json']).default('table'))
    .action((opts: CliValues & { output: string }) => plan(opts, opts.output));
  addFlags(program.command('whoami').description('Print, per AWS account, the credential source, the caller identity (STS GetCallerIdentity), the expiry and the Roles Anywhere certificate. Exit code 1 if any identity fails.'))
    .addOption(new Option('--output <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action((opts: CliValues & { output: string }) => runWhoami(opts, opts.output));
  return program;
}

await buildProgram().parseAsync(process.argv);
