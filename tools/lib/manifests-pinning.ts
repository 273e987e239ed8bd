import type { Pinning } from "./manifests.js";

/** Major-only / minor-wide for a bare partial version (`1`, `0.8`, `1.x`, `1.2.*`), else undefined. */
function partialVersion(requirement: string): Pinning | undefined {
  const match = /^v?(\d+)(?:\.(\d+|[x*]))?(?:\.([x*]))?$/i.exec(requirement);
  if (!match) return undefined;
  const minor = match[2];
  if (minor === undefined || /^[x*]$/i.test(minor)) return "major-only";
  return "minor-wide";
}

/** Cargo requirements: a bare version is a caret requirement, so `1` and `0.8` are as wide as they read. */
export function cargoPinning(requirement: string): Pinning {
  const parts = requirement
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.every((part) => part === "*")) return "wildcard";
  if (parts.length > 1) return comparatorSetPinning(parts);
  const only = parts[0] as string;
  if (only.startsWith("=")) return "exact";
  if (only.startsWith("^")) return "caret";
  if (only.startsWith("~")) return "tilde";
  if (/^>/.test(only)) return "lower-bound";
  if (/^</.test(only)) return "range";
  const partial = partialVersion(only);
  if (partial) return partial;
  return /^\d+\.\d+\.\d+/.test(only) ? "caret" : "range";
}

/** npm requirements (semver ranges, tags, git, file and workspace protocols). */
export function npmPinning(requirement: string): Pinning {
  const value = requirement.trim();
  if (value.startsWith("npm:")) return npmPinning(value.slice(value.lastIndexOf("@") + 1));
  if (value.startsWith("workspace:")) return "workspace";
  // pnpm catalogs: the version is declared once in pnpm-workspace.yaml, like a BOM.
  if (value.startsWith("catalog:")) return "managed";
  if (/^(file|link|portal):/.test(value)) return "path";
  if (/^https?:\/\//.test(value)) return /\.git(#|$)/.test(value) ? gitFragmentPinning(value) : "url";
  if (/^(git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(value) || /^[\w.-]+\/[\w.-]+(#.*)?$/.test(value))
    return gitFragmentPinning(value);
  if (value === "" || value === "*" || /^x$/i.test(value) || /^[a-z][\w-]*$/i.test(value)) return "wildcard";
  if (value.includes("||") || / - /.test(value)) return "range";
  const comparators = value.split(/\s+/).filter(Boolean);
  if (comparators.length > 1) return comparatorSetPinning(comparators);
  if (value.startsWith("^")) return "caret";
  if (value.startsWith("~")) return "tilde";
  if (/^>/.test(value)) return "lower-bound";
  if (/^</.test(value)) return "range";
  const partial = partialVersion(value.replace(/^=/, ""));
  if (partial) return partial;
  return /^=?v?\d+\.\d+\.\d+/.test(value) ? "exact" : "range";
}

function gitFragmentPinning(value: string): Pinning {
  const fragment = value.includes("#") ? value.slice(value.indexOf("#") + 1) : "";
  if (fragment === "") return "git-unpinned";
  if (/^[0-9a-f]{7,40}$/i.test(fragment) || /^v?\d+(\.\d+)+/.test(fragment) || fragment.startsWith("semver:"))
    return "git-pinned";
  return "git-branch";
}

/** A comma- or space-separated set of comparators: exact when all are `=`, a range when bounded above. */
function comparatorSetPinning(parts: string[]): Pinning {
  if (parts.every((part) => /^==?[^=]/.test(part) && !part.includes("*"))) return "exact";
  const lower = parts.some((part) => /^(>|~|\^)/.test(part));
  const upper = parts.some((part) => /^</.test(part));
  if (lower && !upper) return "lower-bound";
  return "range";
}

/** PEP 440 specifiers (`==`, `~=`, `>=`, `<`, `!=`, `===`, wildcards); empty means unpinned. */
export function pep440Pinning(specifier: string): Pinning {
  const parts = specifier
    .replace(/[()]/g, "")
    .split(",")
    .map((part) => part.replace(/\s+/g, ""))
    .filter(Boolean);
  if (parts.length === 0) return "unpinned";
  if (parts.some((part) => part.startsWith("==="))) return "exact";
  const equal = parts.find((part) => /^==[^=]/.test(part));
  if (equal) return equal.includes("*") ? (partialVersion(equal.slice(2)) ?? "range") : "exact";
  if (parts.some((part) => part.startsWith("~="))) return "tilde";
  const lower = parts.some((part) => /^>=?/.test(part));
  const upper = parts.some((part) => /^<=?/.test(part));
  if (lower && !upper) return "lower-bound";
  return "range";
}

/** Poetry constraints: like PEP 440, plus `^`, `~`, `*`, and a bare version meaning exactly that version. */
export function poetryPinning(constraint: string): Pinning {
  const value = constraint.trim();
  if (value === "" || value === "*") return "wildcard";
  if (value.startsWith("^")) return "caret";
  if (/^~[^=]/.test(value)) return "tilde";
  if (/^v?\d+(\.\d+)*$/.test(value)) return "exact";
  const partial = partialVersion(value);
  if (partial) return partial;
  return pep440Pinning(value.replace(/(^|,)\s*(\d)/g, "$1==$2"));
}

/** RubyGems requirements (`~> 1.2`, `>= 1`, `= 1.2.3`, bare version); none means unpinned. */
export function gemPinning(requirements: string[]): Pinning {
  const parts = requirements.map((part) => part.replace(/\s+/g, "")).filter(Boolean);
  if (parts.length === 0) return "unpinned";
  if (parts.some((part) => part.startsWith("~>"))) return "tilde";
  if (parts.every((part) => /^=?\d/.test(part))) return "exact";
  const lower = parts.some((part) => /^>/.test(part));
  const upper = parts.some((part) => /^</.test(part));
  if (lower && !upper) return "lower-bound";
  return "range";
}

/** Maven versions: soft requirements pin exactly; ranges, LATEST/RELEASE and SNAPSHOTs float. */
export function mavenPinning(version: string | undefined): Pinning {
  if (version === undefined || version === "" || version.includes("${")) return "managed";
  if (/^(LATEST|RELEASE)$/.test(version) || /-SNAPSHOT$/.test(version)) return "wildcard";
  if (/^\[[^,]+\]$/.test(version)) return "exact";
  if (/^[[(]/.test(version)) return /,\s*[\])]$/.test(version) ? "lower-bound" : "range";
  return "exact";
}
