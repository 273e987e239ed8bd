import { randomBytes } from "node:crypto";
import { splitLines } from "../../tools/lib/evidence.js";

/** The kinds of untrusted data a request carries; the preamble names each of these tags. */
export const DATA_KINDS = ["repository_file", "repository_map", "scan_findings", "tool_result"] as const;
export type DataKind = (typeof DATA_KINDS)[number];

/** A fresh random nonce for one request; 128 bits, so repository content cannot predict it. */
export function createFenceNonce(): string {
  return randomBytes(16).toString("hex");
}

/** The tag name a fence of this kind uses in a request with this nonce. */
export function fenceTag(kind: DataKind, nonce: string): string {
  return `${kind}-${nonce}`;
}

/**
 * Wraps untrusted text as data: `<kind-NONCE attr="…">text</kind-NONCE>`. Only a tag carrying the nonce
 * ends the block; should the text ever contain the nonce itself, it is blanked out, so nothing inside
 * can close the fence or open a fake one.
 */
export function fenceData(
  kind: DataKind,
  nonce: string,
  text: string,
  attributes: Readonly<Record<string, string | number>> = {},
): string {
  if (!/^[0-9a-z]{16,}$/.test(nonce))
    throw new Error("fence nonce must be at least 16 lower-case letters or digits");
  const tag = fenceTag(kind, nonce);
  const rendered = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${escapeAttribute(withoutNonce(String(value), nonce))}"`)
    .join("");
  const body = withoutNonce(text, nonce);
  return `<${tag}${rendered}>\n${body}${body.endsWith("\n") || body === "" ? "" : "\n"}</${tag}>`;
}

/** A slice of a repository file as the model sees it. */
export interface FencedFile {
  /** Posix path relative to the repository root. */
  path: string;
  /** 1-based number of the first line of `text` in the file. */
  startLine: number;
  /** The verbatim lines. */
  text: string;
  /** Prefix each line with `N│ ` so the model can cite lines; the verifier tolerates a copied gutter. */
  lineNumbers?: boolean;
  /** Extra attributes, e.g. `{ role: "test" }` for test code. */
  attributes?: Readonly<Record<string, string>>;
}

/** Fences a file slice as `<repository_file-NONCE path="…" lines="a-b">`. */
export function fenceRepositoryFile(file: FencedFile, nonce: string): string {
  const lines = splitLines(file.text);
  const endLine = file.startLine + Math.max(lines.length, 1) - 1;
  const width = String(endLine).length;
  const body = file.lineNumbers
    ? lines.map((line, index) => `${String(file.startLine + index).padStart(width)}│ ${line}`).join("\n")
    : lines.join("\n");
  return fenceData("repository_file", nonce, body, {
    path: file.path,
    lines: `${file.startLine}-${endLine}`,
    ...file.attributes,
  });
}

function withoutNonce(text: string, nonce: string): string {
  // Case-insensitive, in case a model reads tag names loosely; the nonce is [0-9a-z], so safe in a RegExp.
  return text.replace(new RegExp(nonce, "gi"), "[fence-nonce removed]");
}

function escapeAttribute(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll('"', "&quot;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll("\n", "&#10;")
    .replaceAll("\r", "&#13;");
}
