/** --git: a repository with a first commit, or a note saying why not. Never fails the run. */

export interface GitResult {
  initialised: boolean;
  committed: boolean;
  note?: string;
}

function firstLine(error: unknown): string {
  const e = error as { stderr?: string; shortMessage?: string; message?: string };
  return (e.stderr || e.shortMessage || e.message || String(error)).split('\n')[0].trim();
}

export async function initRepository(dir: string, message: string): Promise<GitResult> {
  const { execa } = await import('execa');
  const git = (...args: string[]) => execa('git', args, { cwd: dir, stdin: 'ignore' });
  try {
    await git('--version');
  } catch {
    return { initialised: false, committed: false, note: 'git is not installed: skipped --git' };
  }
  try {
    const { stdout } = await git('rev-parse', '--show-toplevel');
    return { initialised: false, committed: false, note: `${dir} is already inside the git repository ${stdout.trim()}: no nested repository created` };
  } catch {
    // not inside a repository: create one
  }
  try {
    await git('init', '--quiet');
    await git('add', '--all');
  } catch (error) {
    return { initialised: false, committed: false, note: `git init failed: ${firstLine(error)}` };
  }
  try {
    await git('commit', '--quiet', '--no-verify', '-m', message);
    return { initialised: true, committed: true };
  } catch (error) {
    return { initialised: true, committed: false, note: `git commit failed (${firstLine(error)}); the repository is initialised and the files are staged` };
  }
}
