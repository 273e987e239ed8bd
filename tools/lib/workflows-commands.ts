import { ACTION_RULES, type CommandCheck, RULES } from "./workflows-rules.js";
import { packageScript, scriptChecks } from "./workflows-scripts.js";

export { CHECK_KINDS, type CheckKind, type CommandCheck } from "./workflows-rules.js";
export { packageScript } from "./workflows-scripts.js";

const SKIPPED_SEGMENT =
  /^(?:echo|printf|export|cd|pushd|popd|if|elif|fi|for|while|done|test|\[|#|:)(?:\s|$)|^(?:sudo\s+)?(?:pip\d?|python[\d.]*\s+-m\s+pip|uv(?:\s+pip)?|pipx|npm|pnpm|yarn|bun|cargo|go|apt(?:-get)?|apk|brew|gem|poetry|rustup|choco|dnf|yum|conda|mamba|corepack)\s+(?:--?\S+\s+)*(?:install|add|i|ci|sync|get|enable|update|upgrade|component|toolchain|target)(?:\s|$)/;

// `ruff --help`, `ruff version`, `pre-commit install`: a tool asked about itself or set up, not run on code.
const SELF_QUERY = /\s(?:--help|-h|--version|-V)$|^\S+\s+version$|(?:^|\s)pre-commit\s+install(?:-hooks)?\b/;

/** The checks one command segment runs (installs, echo and shell keywords run none). */
export function classifySegment(segment: string): CommandCheck[] {
  if (SKIPPED_SEGMENT.test(segment) || SELF_QUERY.test(segment)) return [];
  const found: CommandCheck[] = [];
  const add = (check: CommandCheck) => {
    if (!found.some((entry) => entry.kind === check.kind && entry.ecosystem === check.ecosystem))
      found.push(check);
  };
  const script = packageScript(segment);
  if (script) for (const check of scriptChecks(script)) add(check);
  for (const rule of RULES)
    if (rule.pattern.test(segment)) add({ kind: rule.kind, ecosystem: rule.ecosystem, tool: rule.tool });
  if (found.length > 0 || !isWrapped(segment)) return found;
  // `docker compose run api pytest`, `timeout 600 cargo test`: the first inner command that checks something.
  const tokens = segment.split(/\s+/);
  for (let start = 1; start < tokens.length; start++) {
    const inner = classifySegment(tokens.slice(start).join(" "));
    if (inner.length > 0) return inner;
  }
  return found;
}

const WRAPPER =
  /^(?:(?:docker(?:-compose)?|podman)\b.*\s(?:run|exec)\s|timeout\s|xvfb-run\s|env\s|nix\s+develop\s.*(?:-c|--command)\s|(?:ba)?sh\s+-c\s)/;

/** True for a command that runs another command inside it (a container, a timeout, a shell). */
export function isWrapped(segment: string): boolean {
  return WRAPPER.test(segment);
}

/** The checks a shell command line runs. */
export function classifyCommand(line: string): CommandCheck[] {
  const found: CommandCheck[] = [];
  for (const segment of commandSegments(line))
    for (const check of classifySegment(segment))
      if (!found.some((entry) => entry.kind === check.kind && entry.ecosystem === check.ecosystem))
        found.push(check);
  return found;
}

/** The checks a `uses:` action performs (with its inputs for wrapper actions such as actions-rs/cargo). */
export function classifyAction(uses: string, inputs: Record<string, string>): CommandCheck[] {
  const name = uses.replace(/@.*$/, "");
  if (/^actions-rs\/cargo$/.test(name) && inputs.command) return classifyCommand(`cargo ${inputs.command}`);
  if (/^gradle\/(?:gradle-build-action|actions\/setup-gradle)$/.test(name) && inputs.arguments)
    return classifyCommand(`gradle ${inputs.arguments}`);
  return ACTION_RULES.filter(([pattern]) => pattern.test(name)).map(([, check]) => check);
}

/** A command line split at `&&`, `||`, `;` and pipes, each part trimmed (a leading `env=x` dropped). */
export function commandSegments(line: string): string[] {
  return (
    line
      .split(/&&|\|\||;|\|/)
      .map((segment) =>
        segment
          .trim()
          // `RUSTFLAGS="--cfg loom" cargo test`: assignments, quoted values included, before the command.
          .replace(/^(?:[A-Z_][A-Z0-9_]*=(?:"[^"]*"|'[^']*'|\S*)\s+)+/, "")
          .replace(/^(?:run|-\s*run):\s*/, "")
          // `then pytest`, `do ruff check $dir`, `else make test`: the command after the keyword runs.
          .replace(/^(?:then|do|else)\s+/, ""),
      )
      // `. ci/test.sh` and `source ci/test.sh` run the script in the same shell.
      .map((segment) => segment.replace(/^(?:\.|source)\s+(?=\S)/, "sh "))
      .filter(Boolean)
  );
}
