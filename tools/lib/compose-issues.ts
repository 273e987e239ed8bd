import type { Area, Severity } from "../../schemas/index.js";

/** One container-configuration problem at an exact line, before it becomes a finding. */
export interface ContainerIssue {
  rule: string;
  severity: Severity;
  area: Area;
  title: string;
  description: string;
  recommendation: string;
  file: string;
  line: number;
  /** Character ranges on `line` to mask in the evidence (a secret value), as `[from, to)` columns (0-based). */
  mask?: Array<[number, number]>;
}

/** Tags that move: `latest` and its variants (`v1.28-latest`), channel names, and no tag at all. */
const FLOATING_TAGS =
  /^(latest|stable|edge|nightly|main|master|lts|current|rolling|dev|develop)$|(^|[-_.])latest($|[-_.])/i;
// A tag without any version number (`alpine`, `slim`, `bookworm`, `lts-alpine`, `nightly-slim`)
// follows whatever release the publisher builds it from next, unless the image's name carries the
// version (`distroless/static-debian12:nonroot`). (`alpine3.18` still floats on the image's own
// version, but a digit may equally be a dated snapshot such as `focal-20240101`.)
const VERSIONED = /\d/;

/** An image reference split into name, tag and digest (`registry:5000/team/app:1.2@sha256:…`). */
export function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [reference = "", digest] = image.split("@", 2);
  const slash = reference.lastIndexOf("/");
  const colon = reference.lastIndexOf(":");
  const hasTag = colon > slash;
  return {
    name: hasTag ? reference.slice(0, colon) : reference,
    ...(hasTag ? { tag: reference.slice(colon + 1) } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** Why an image reference is not reproducible, or undefined when it is pinned (a fixed tag or a digest). */
export function imageTagProblem(image: string): "untagged" | "floating" | undefined {
  const { name, tag, digest } = splitImage(image);
  if (digest) return undefined;
  if (tag === undefined) return "untagged";
  const unversioned = !VERSIONED.test(tag) && !VERSIONED.test(name.slice(name.lastIndexOf("/") + 1));
  return FLOATING_TAGS.test(tag) || unversioned ? "floating" : undefined;
}

/** The issue for an unpinned image reference, or undefined. Variables (`${TAG}`) are left alone: their value is not in the file. */
export function imageIssue(
  written: string,
  where: { file: string; line: number; rule: string; what: string },
): ContainerIssue | undefined {
  // `${TAG:-latest}` uses its default when the variable is unset; `${TAG}` alone is unknown here.
  const image = written.replace(/\$\{\w+:?-([^}]*)\}/g, "$1");
  if (image.includes("$")) return undefined;
  const problem = imageTagProblem(image);
  if (!problem) return undefined;
  return {
    rule: where.rule,
    severity: "medium",
    area: "infrastructure",
    title:
      problem === "untagged"
        ? `${where.what} \`${image}\` has no tag`
        : `${where.what} \`${image}\` uses a moving tag`,
    description: `${where.file}:${where.line} uses \`${image}\`, which ${problem === "untagged" ? "means `:latest`" : "is re-pointed whenever a new build is published"}: two builds or deploys can run different images, and a bad upstream push goes straight to production.`,
    recommendation:
      "Pin a specific version tag (e.g. `1.27.3-alpine`), ideally with its digest (`@sha256:…`), and update it deliberately (Dependabot/Renovate can do it).",
    file: where.file,
    line: where.line,
  };
}
