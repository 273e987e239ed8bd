import type { Instruction } from "dockerfile-ast";
import type { ContainerIssue } from "./compose-issues.js";

/** The line of the instruction that contains a match (continuation lines included), else its first line. */
function lineMatching(
  lines: readonly string[],
  instruction: Instruction,
  pattern: RegExp,
  after = 0,
): number {
  const { start, end } = instruction.getRange();
  for (let index = Math.max(start.line, after); index <= end.line; index++)
    if (pattern.test(lines[index] ?? "")) return index + 1;
  return start.line + 1;
}

/** The 0-based line of the n-th (0-based) line of the instruction that matches, or its first line. */
function lineOfOccurrence(
  lines: readonly string[],
  instruction: Instruction,
  pattern: RegExp,
  n: number,
): number {
  const { start, end } = instruction.getRange();
  let seen = 0;
  for (let index = start.line; index <= end.line; index++) {
    const text = (lines[index] ?? "").replace(/(^|\s)#.*$/, "");
    const count = text.split(/\s+/).filter((word) => pattern.test(word)).length;
    if (seen + count > n) return index;
    seen += count;
  }
  return start.line;
}

/** A package name as a whole word: not part of a longer name or path (`pkg-keyring.gpg`). */
function packagePattern(name: string): RegExp {
  return new RegExp(`(?<![\\w.-])${escapeRegExp(name)}(?![\\w-])`);
}

const INSTALLERS: Array<{
  manager: string;
  command: RegExp;
  pinned: (token: string) => boolean;
  valueOptions: RegExp;
}> = [
  {
    manager: "apt-get",
    command: /^(apt-get|apt)$/,
    pinned: (token) => /^[^=<>]+=[^=<>]/.test(token),
    valueOptions: /^(-o|-t|--target-release)$/,
  },
  {
    manager: "apk",
    command: /^apk$/,
    pinned: (token) => /[=~]/.test(token),
    valueOptions: /^(-t|--virtual|-X|--repository)$/,
  },
  {
    manager: "pip",
    command: /^(pip3?|pipx|uv)$/,
    pinned: (token) => /==|@/.test(token),
    valueOptions:
      /^(-r|--requirement|-c|--constraint|-e|--editable|-i|--index-url|--extra-index-url|-f|--find-links|-t|--target|--prefix|--root)$/,
  },
  {
    manager: "npm",
    command: /^npm$/,
    // `wrangler@4`, `pkg@^1.2` and `pkg@latest` still float: only a full version pins.
    pinned: (token) =>
      token.lastIndexOf("@") > 0 &&
      /^v?\d+\.\d+\.\d+(?:[-+][\w.-]+)?$/.test(token.slice(token.lastIndexOf("@") + 1)),
    valueOptions: /^(--prefix|--registry)$/,
  },
];

/** RUN rules: sudo and NOPASSWD, `curl | sh`, unpinned apt/apk/pip/npm installs and version specifiers the shell reads as redirects. */
export function runIssues(
  file: string,
  lines: readonly string[],
  instruction: Instruction,
): ContainerIssue[] {
  const command = shellText(instruction.getRawArgumentsContent() ?? "");
  const issues: ContainerIssue[] = [];
  if (/NOPASSWD/.test(command))
    issues.push({
      rule: "containers/passwordless-sudo",
      severity: "critical",
      area: "security",
      title: "Passwordless sudo in the image",
      description: `${file} grants NOPASSWD sudo, so any code running as the image's user can become root without a password; a compromised process escalates to root in the container and can then attack the kernel or runtime.`,
      recommendation:
        "Remove sudo from the image; do the root-only steps at build time before USER, or allow only specific commands in sudoers.",
      file,
      line: lineMatching(lines, instruction, /NOPASSWD/),
    });
  else if (
    /\b(apt-get|apt|apk|yum|dnf|microdnf|zypper)\b[^;&|\n]*\b(install|add)\b[^;&|\n]*\bsudo\b/.test(command)
  )
    issues.push({
      rule: "containers/sudo-installed",
      severity: "medium",
      area: "security",
      title: "sudo installed in the image",
      description: `${file} installs sudo, which lets the container's user regain root if sudoers allows it; containers should not need it.`,
      recommendation:
        "Drop sudo: run privileged steps before switching USER, and keep the runtime user unprivileged.",
      file,
      line: lineMatching(lines, instruction, /\bsudo\b/),
    });
  // Piped into a shell or another interpreter (`| python3 -`, Poetry's installer).
  const pipe =
    /\b(curl|wget)\b[^;&|\n]*\|\s*(sudo\s+)?(\S*\/)?(?:(ba|z|da|k)?sh|python[\d.]*|perl|ruby|node|php)\b/;
  const substituted = /\b(ba|z|da|k)?sh\s+(-\w+\s+)*(-c\s+["']?\$\(|<\()\s*(curl|wget)\b/;
  if (pipe.test(command) || substituted.test(command))
    issues.push({
      rule: "containers/curl-pipe-shell",
      severity: "high",
      area: "security",
      title: "Remote script piped into a shell",
      description: `${file} downloads a script and runs it in one step; whatever the server returns at build time (a compromised or changed script) runs as root in the build, with no checksum.`,
      recommendation:
        "Download to a file, verify its checksum or signature, then run it; better, install a pinned package or release artefact.",
      file,
      line: lineMatching(
        lines,
        instruction,
        pipe.test(command)
          ? /\|\s*(sudo\s+)?(\S*\/)?(?:(ba|z|da|k)?sh|python[\d.]*|perl|ruby|node|php)\b/
          : substituted,
      ),
    });
  const installs = new Map<string, number>();
  for (const segment of command.split(/&&|\|\||;|\||\n/)) {
    const raw = segment.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
    const words = raw.filter((word, index) => !(index === 0 && word === "sudo") && !/^\w+=/.test(word));
    const start = words.findIndex((word) => INSTALLERS.some((installer) => installer.command.test(word)));
    if (start === -1) continue;
    // The line this install starts on: the n-th use of its command in the instruction, so a second
    // identical `pip install` is reported where it is, not at the first.
    const tool = words[start] as string;
    const occurrence = installs.get(tool) ?? 0;
    installs.set(tool, occurrence + 1);
    const segmentLine = lineOfOccurrence(lines, instruction, packagePattern(tool), occurrence);
    const installer = INSTALLERS.find((candidate) => candidate.command.test(words[start] as string));
    const verb = words.findIndex((word, index) => index > start && /^(install|add|i)$/.test(word));
    if (
      !installer ||
      verb === -1 ||
      (installer.manager === "pip" && words[start] === "uv" && words[start + 1] !== "pip")
    )
      continue;
    const packages: string[] = [];
    const redirects: string[] = [];
    for (let index = verb + 1; index < words.length; index++) {
      const word = words[index] as string;
      if (installer.valueOptions.test(word)) {
        index++;
        continue;
      }
      // A shell redirection (`< list.txt`, `>/dev/null`, `2>&1`) and its target are not packages.
      if (/^\d*(&?>>?|<)/.test(word)) {
        if (/^\d*(&?>>?|<)$/.test(word)) index++;
        continue;
      }
      // `pkg>=2` unquoted: the shell redirects (pip and apt alike) and the package installs unpinned.
      if (/^[\w.[\],+-]*[<>]=?\d/.test(word)) {
        redirects.push(word);
        packages.push(word.replace(/[<>].*$/, ""));
        continue;
      }
      const bare = word.replace(/^["']|["']$/g, "");
      if (
        bare === "" ||
        bare.startsWith("-") ||
        bare.includes("$") ||
        /^(\.|\/|~|https?:|git\+|file:)/.test(bare) ||
        /\.(whl|tar\.gz|zip|tgz)$/.test(bare)
      )
        continue;
      if (!installer.pinned(bare)) packages.push(bare);
    }
    if (redirects.length > 0)
      issues.push({
        rule: "containers/shell-redirect-version",
        severity: "medium",
        area: "correctness",
        title: "Version specifier read by the shell as a redirect",
        description: `${file}: \`${redirects.join("`, `")}\` is not quoted, so the shell treats \`>\`/\`<\` as a redirect: ${installer.manager} installs the latest version and the output goes to a file named after the version.`,
        recommendation: `Quote the requirement (\`pip install "${redirects[0]}"\`) or use a requirements file.`,
        file,
        line: lineMatching(lines, instruction, new RegExp(escapeRegExp(redirects[0] as string)), segmentLine),
      });
    if (packages.length > 0)
      issues.push({
        rule: "containers/unpinned-packages",
        severity: "low",
        area: "infrastructure",
        title: `Unpinned ${installer.manager} packages in the image`,
        description: `${file} installs ${packages.map((name) => `\`${name}\``).join(", ")} without an exact version, so each build can produce a different image.`,
        recommendation: `Pin versions (${installer.manager === "pip" ? "`pkg==1.2.3` or a hashed requirements file" : installer.manager === "npm" ? "`pkg@1.2.3`" : "`pkg=1.2.3-r0`"}) or install from a lockfile, and rebuild deliberately to take updates.`,
        file,
        line: lineMatching(lines, instruction, packagePattern(packages[0] as string), segmentLine),
      });
  }
  return issues;
}

/**
 * The shell text a RUN executes: comment lines dropped (Docker strips them, even inside continuations),
 * continuations joined, a heredoc's `<<EOF` marker and terminator removed; each remaining line is one
 * command, so lines stay separated by newlines.
 */
function shellText(raw: string): string {
  let lines = raw.split(/\r?\n/);
  const heredoc = /<<-?\s*["']?(\w+)["']?/.exec(lines[0] ?? "");
  if (heredoc) {
    lines = [(lines[0] ?? "").replace(heredoc[0], ""), ...lines.slice(1)];
    if (lines[lines.length - 1]?.trim() === heredoc[1]) lines.pop();
  }
  // Docker joins continuations (a backslash, maybe followed by blanks) before the shell reads comments.
  return lines
    .filter((line) => !/^\s*#/.test(line))
    .join("\n")
    .replace(/\\[ \t]*\n/g, " ")
    .split("\n")
    .map(withoutInlineComment)
    .join("\n");
}

/** A command without a trailing shell comment (`pip install x  # why`), quotes respected. */
function withoutInlineComment(line: string): string {
  let quote = "";
  for (let index = 0; index < line.length; index++) {
    const char = line[index] as string;
    if (quote) {
      if (char === quote) quote = "";
    } else if (char === '"' || char === "'") quote = char;
    else if (char === "#" && /\s/.test(line[index - 1] ?? "")) return line.slice(0, index).trimEnd();
  }
  return line;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
