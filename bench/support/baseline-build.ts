import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKSPACES = ['collector', 'server', 'store', 'web'];

export interface BaselineBuild {
  /** Where the build's checkout is: a child paylens is started from there. */
  root: string;
  /** The revision's abbreviated hash. */
  revision: string;
  remove(): void;
}

/**
 * An earlier paylens build beside this one, so figures can be compared within one run: this
 * machine's speed drifts by 20–30% over minutes, and only interleaved runs tell builds apart. A git
 * worktree at `revision`, using this checkout's installed packages except its own workspaces; or
 * why not, where the revision is not in the repository (a shallow clone).
 */
export function checkoutBaseline(revision: string): BaselineBuild | { missing: string } {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  let commit: string;
  try {
    commit = git('rev-parse', '--verify', '--short', `${revision}^{commit}`);
  } catch {
    return { missing: `revision ${revision} is not in this clone` };
  }
  const root = join(mkdtempSync(join(tmpdir(), 'paylens-baseline-')), 'paylens');
  git('worktree', 'add', '--detach', '--quiet', root, commit);
  const modules = join(root, 'node_modules');
  mkdirSync(join(modules, '@paylens'), { recursive: true });
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry !== '@paylens') symlinkSync(join(ROOT, 'node_modules', entry), join(modules, entry));
  }
  for (const workspace of WORKSPACES) {
    if (existsSync(join(root, workspace)))
      symlinkSync(join(root, workspace), join(modules, '@paylens', workspace));
  }
  return {
    root,
    revision: commit,
    remove: () => {
      git('worktree', 'remove', '--force', root);
      rmSync(join(root, '..'), { recursive: true, force: true });
    },
  };
}

/** Issue #11's "today": the last build before journeys. */
export const BEFORE_JOURNEYS = 'e984aaba6b59d4259a5b3d757a4ad1157f671622';

export interface BaselineChoice {
  /** The checked-out build, when one is run. */
  build?: BaselineBuild;
  /** How the figures name it. */
  label: string;
  /** Why it is not run, where it was asked for and cannot be. */
  missing?: string;
}

/**
 * The build a bench runs beside this one: BENCH_BASELINE (a git revision), by default the last
 * before journeys; BENCH_BASELINE= (empty) runs none.
 */
export function baselineFromEnv(env: NodeJS.ProcessEnv = process.env): BaselineChoice {
  const revision = env.BENCH_BASELINE ?? BEFORE_JOURNEYS;
  const label = revision === BEFORE_JOURNEYS ? 'build before journeys' : 'baseline build';
  if (!revision) return { label };
  const checkout = checkoutBaseline(revision);
  return 'root' in checkout ? { build: checkout, label } : { label, missing: checkout.missing };
}
