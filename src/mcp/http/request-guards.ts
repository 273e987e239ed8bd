import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** The hostname of a Host header value ("[::1]:8080" → "[::1]"), lower-cased; undefined when malformed. */
export function hostnameOf(hostHeader: string): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(hostHeader.trim());
  return match?.[1]?.toLowerCase();
}

/** True for loopback host names, the only ones a DNS-rebinding page cannot claim. */
export function isLoopbackHostname(hostname: string): boolean {
  return LOOPBACK_HOSTNAMES.has(hostname.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export interface OriginPolicy {
  /** Extra host names (without port) accepted in the Host header, e.g. the machine's LAN name. */
  allowedHosts: readonly string[];
  /** Extra origins (scheme://host[:port]) accepted in the Origin header. */
  allowedOrigins: readonly string[];
}

/** Why the Host header is refused, or undefined when it names a loopback or explicitly allowed host. */
export function refuseHost(request: IncomingMessage, policy: OriginPolicy): string | undefined {
  const header = request.headers.host;
  if (!header) return "missing Host header";
  const hostname = hostnameOf(header);
  if (!hostname) return `malformed Host header ${JSON.stringify(header)}`;
  if (isLoopbackHostname(hostname)) return undefined;
  if (policy.allowedHosts.some((allowed) => allowed.toLowerCase() === hostname)) return undefined;
  return `Host ${JSON.stringify(header)} is not allowed (DNS rebinding protection; add it with --allow-host)`;
}

/** Why the Origin header is refused; requests without one (non-browser clients) pass. */
export function refuseOrigin(request: IncomingMessage, policy: OriginPolicy): string | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  if (policy.allowedOrigins.includes(origin)) return undefined;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `Origin ${JSON.stringify(origin)} is not allowed`;
  }
  if ((url.protocol === "http:" || url.protocol === "https:") && isLoopbackHostname(url.hostname))
    return undefined;
  return `Origin ${JSON.stringify(origin)} is not allowed (add it with --allow-origin)`;
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/** True when the request carries `Authorization: Bearer <token>`, compared in constant time. */
export function hasBearerToken(request: IncomingMessage, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1]), digest(token));
}
