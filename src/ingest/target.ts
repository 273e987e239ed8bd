/** A target is a git URL when it has a scheme git understands or the scp-like `user@host:path` form. */
export function isGitUrl(target: string): boolean {
  if (/^(https?|git|ssh|file):\/\//i.test(target)) return true;
  return /^[\w.-]+@[\w.-]+:[^\\]/.test(target);
}

/** A readable repository name from a path or URL: the last segment without `.git`. */
export function repoNameFromTarget(target: string): string {
  const trimmed = target.replace(/[/\\]+$/, "").replace(/\.git$/, "");
  const segments = trimmed.split(/[/\\:]/).filter(Boolean);
  return segments[segments.length - 1] ?? "repository";
}
