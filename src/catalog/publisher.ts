/** Who publishes: --publisher, then $DP_PUBLISHER, then git's user.email or user.name, then the login name. */
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';

function gitUser(cwd: string): string | undefined {
  for (const key of ['user.email', 'user.name']) {
    try {
      const value = execFileSync('git', ['config', '--get', key], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
      if (value) return value;
    } catch {
      // no git, or the key is not set
    }
  }
  return undefined;
}

export function resolvePublisher(flag: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string {
  const given = flag?.trim() || env.DP_PUBLISHER?.trim();
  if (given) return given;
  const fromGit = gitUser(cwd);
  if (fromGit) return fromGit;
  try {
    return env.USER || env.USERNAME || userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}
