import type { RepoSnapshot } from "../../src/ingest/snapshot.js";
import { baseName, ownFiles } from "./files.js";
import { matchCode, mayMatch, readSource } from "./source-text.js";
import type { LineSite } from "./web-exposure-scan.js";

const HEADERS = "Strict-Transport-Security|X-Frame-Options|Content-Security-Policy|X-Content-Type-Options";
/** nginx (and ingress-nginx snippets): `add_header X-Frame-Options DENY`. */
const NGINX_HEADER = String.raw`\b(?:add_header|more_set_headers)\s+["']?(?:${HEADERS})\b`;
/** Traefik's headers middleware and CloudFront's response headers policy, by their own keys. */
const PROXY_HEADER_KEYS = String.raw`\b(?:stsSeconds|frameDeny|contentTypeNosniff|customFrameOptionsValue|SecurityHeadersConfig)\b`;

/** The pattern that shows TLS, and the one that shows security headers, for a proxy or hosting file. */
function patternsFor(name: string): { tls?: RegExp; headers?: RegExp } {
  if (name === "Caddyfile")
    // A leading `-` removes the header (`header -X-Frame-Options`) instead of setting it.
    return { tls: /\S/g, headers: new RegExp(String.raw`(?<![-\w])(?:${HEADERS})\b`, "gi") };
  if (/\.conf$/.test(name))
    return {
      tls: /\bssl_certificate\b|\blisten\s+443\s+ssl\b/gi,
      headers: new RegExp(NGINX_HEADER, "gi"),
    };
  if (/\.ya?ml$/.test(name) || /\.toml$/.test(name))
    return {
      tls: /\bssl_certificate\b|\blisten\s+443\s+ssl\b|\bcertresolver\b|\bcert-manager\.io\b|^\s*tls:\s*$/gi,
      // netlify.toml lists headers as `X-Frame-Options = "DENY"`.
      headers: new RegExp(`${NGINX_HEADER}|${PROXY_HEADER_KEYS}|^\\s*["']?(?:${HEADERS})["']?\\s*=`, "gi"),
    };
  if (name === "vercel.json") return { headers: new RegExp(`["'](?:${HEADERS})["']`, "gi") };
  // Netlify and Cloudflare Pages `_headers`: `  X-Frame-Options: DENY` under a path.
  if (name === "_headers") return { headers: new RegExp(`^\\s*(?:${HEADERS})\\s*:`, "gim") };
  return {};
}

/**
 * What proxy and hosting configuration sets up outside the code: TLS (a Caddyfile, nginx
 * `ssl_certificate`, Traefik or cert-manager, an Ingress `tls:`) and security headers (nginx
 * `add_header`, Caddy `header`, Traefik's headers middleware, Netlify / Vercel / Cloudflare headers).
 */
export async function proxyEvidence(
  snapshot: RepoSnapshot,
): Promise<{ tls: LineSite[]; securityHeaders: LineSite[] }> {
  const found = { tls: [] as LineSite[], securityHeaders: [] as LineSite[] };
  for (const file of ownFiles(snapshot)) {
    if (file.isTest || file.path.startsWith(".github/")) continue;
    const name = baseName(file.path);
    const { tls, headers } = patternsFor(name);
    const patterns = [tls, headers].filter((pattern) => pattern !== undefined);
    if (patterns.length === 0 || !mayMatch(await snapshot.read(file.path), patterns)) continue;
    const source = await readSource(snapshot, file);
    // nginx and Caddy files have no lexer here, so their `#` comment lines are skipped by hand.
    const first = (pattern: RegExp | undefined) =>
      pattern
        ? matchCode(source, pattern).find((hit) => !/^\s*#/.test(source.code[hit.line - 1] ?? ""))
        : undefined;
    const site = (line: number) => ({ file: file.path, line, text: (source.lines[line - 1] ?? "").trim() });
    const tlsHit = first(tls);
    const ingressOnly =
      tlsHit &&
      /\.ya?ml$/.test(name) &&
      /^\s*tls:\s*$/.test(source.code[tlsHit.line - 1] ?? "") &&
      !/kind:\s*Ingress/.test(source.code.join("\n"));
    if (tlsHit && !ingressOnly) found.tls.push(site(tlsHit.line));
    const headerHit = first(headers);
    if (headerHit) found.securityHeaders.push(site(headerHit.line));
  }
  return found;
}
