/**
 * Version ordering for OSV ranges. SEMVER ranges use semantic versioning (a leading `v` is allowed,
 * as Go writes it); ECOSYSTEM ranges (PyPI, RubyGems, Maven) use a tolerant natural order that knows
 * pre-release words sort before the release and post-release words after it.
 */

type Token = number | string;

function tokens(version: string): Token[] {
  return (
    version
      .toLowerCase()
      .replace(/^v(?=\d)/, "")
      .replace(/\+.*$/, "")
      .match(/\d+|[a-z]+/g) ?? []
  ).map((token) => (/^\d+$/.test(token) ? Number(token) : token));
}

const PRE_RELEASE_RANK: Record<string, number> = {
  dev: 0,
  snapshot: 0.5,
  alpha: 1,
  a: 1,
  beta: 2,
  b: 2,
  milestone: 3,
  m: 3,
  rc: 4,
  c: 4,
  cr: 4,
  pre: 4,
  preview: 4,
};
const POST_RELEASE = new Set(["post", "p", "sp", "patch", "r", "rev", "final", "ga", "release"]);

/** Where a token sits relative to "the version ended here": negative before it, positive after. */
function againstEnd(token: Token): number {
  if (typeof token === "number") return token === 0 ? 0 : 1;
  if (POST_RELEASE.has(token)) return token === "final" || token === "ga" || token === "release" ? 0 : 1;
  return -1;
}

function compareTokens(a: Token, b: Token): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return POST_RELEASE.has(b as string) ? -1 : 1;
  if (typeof b === "number") return POST_RELEASE.has(a) ? 1 : -1;
  const rankA = POST_RELEASE.has(a) ? 10 : (PRE_RELEASE_RANK[a] ?? 5);
  const rankB = POST_RELEASE.has(b) ? 10 : (PRE_RELEASE_RANK[b] ?? 5);
  return rankA - rankB || a.localeCompare(b);
}

/** Natural ecosystem order: negative when `a` sorts before `b`. */
export function compareEcosystemVersions(a: string, b: string): number {
  const left = tokens(a);
  const right = tokens(b);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const x = left[index];
    const y = right[index];
    if (x === undefined) return -againstEnd(y as Token) || 0;
    if (y === undefined) return againstEnd(x) || 0;
    const order = compareTokens(x, y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

/** Semantic-version order (pre-release identifiers compared per the SemVer spec); a leading `v` is ignored. */
export function compareSemver(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = "", pre] = version.replace(/^v/, "").replace(/\+.*$/, "").split(/-(.*)/s, 2);
    return { core: core.split(".").map((part) => Number(part) || 0), pre: pre ? pre.split(".") : [] };
  };
  const left = parse(a);
  const right = parse(b);
  for (let index = 0; index < 3; index++) {
    const order = (left.core[index] ?? 0) - (right.core[index] ?? 0);
    if (order !== 0) return Math.sign(order);
  }
  if (left.pre.length === 0 || right.pre.length === 0) return Math.sign(right.pre.length - left.pre.length);
  for (let index = 0; index < Math.max(left.pre.length, right.pre.length); index++) {
    const x = left.pre[index];
    const y = right.pre[index];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const numeric = /^\d+$/.test(x) && /^\d+$/.test(y);
    const order = numeric
      ? Number(x) - Number(y)
      : /^\d+$/.test(x)
        ? -1
        : /^\d+$/.test(y)
          ? 1
          : x.localeCompare(y);
    if (order !== 0) return Math.sign(order);
  }
  return 0;
}

export type RangeEvent = { introduced?: string; fixed?: string; last_affected?: string; limit?: string };

/**
 * Whether `version` falls in an OSV range: events are applied in version order and the last one that
 * applies decides (introduced ≤ v sets affected; fixed ≤ v and limit ≤ v clear it; last_affected < v clears it).
 */
export function inRange(
  version: string,
  events: readonly RangeEvent[],
  compare: (a: string, b: string) => number,
): boolean {
  const at = (event: RangeEvent) =>
    event.introduced ?? event.fixed ?? event.last_affected ?? event.limit ?? "0";
  const ordered = [...events].sort((a, b) => {
    const x = at(a);
    const y = at(b);
    if (x === "0" || y === "0") return x === y ? 0 : x === "0" ? -1 : 1;
    return compare(x, y);
  });
  let affected = false;
  for (const event of ordered) {
    if (
      event.introduced !== undefined &&
      (event.introduced === "0" || compare(version, event.introduced) >= 0)
    )
      affected = true;
    else if (event.fixed !== undefined && compare(version, event.fixed) >= 0) affected = false;
    else if (event.limit !== undefined && compare(version, event.limit) >= 0) affected = false;
    else if (event.last_affected !== undefined && compare(version, event.last_affected) > 0) affected = false;
  }
  return affected;
}
