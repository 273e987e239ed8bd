import { parse as parseYaml } from "yaml";
import type { LockedPackage } from "./lockfiles.js";

interface Lock {
  format: string;
  packages: LockedPackage[];
}

/**
 * package-lock.json / npm-shrinkwrap.json. v2 and v3 list every installed copy under `packages`
 * (`node_modules/a/node_modules/b`); v1 nests `dependencies`. Links to workspace folders pin nothing.
 * An alias (`"cjs": "npm:string-width@4"`) is reported under the package it installs.
 */
export function parsePackageLock(text: string, kind: string): Lock {
  const doc = JSON.parse(text) as {
    lockfileVersion?: number;
    packages?: Record<string, { name?: string; version?: string; link?: boolean }>;
    dependencies?: Record<string, NestedDependency>;
  };
  const lines = text.split(/\r?\n/);
  const keyLines = new Map<string, number>();
  lines.forEach((line, index) => {
    const key = /^\s*"([^"]+)":\s*\{/.exec(line)?.[1];
    if (key && !keyLines.has(key)) keyLines.set(key, index + 1);
  });
  const packages: LockedPackage[] = [];
  if (doc.packages) {
    for (const [key, entry] of Object.entries(doc.packages)) {
      if (!key.includes("node_modules/") || entry.link || !entry.version) continue;
      const name = entry.name ?? key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
      packages.push({ name, version: entry.version, line: keyLines.get(key) ?? 1 });
    }
  } else if (doc.dependencies) {
    const walk = (tree: Record<string, NestedDependency>) => {
      for (const [name, entry] of Object.entries(tree)) {
        const alias = /^npm:((?:@[^/@]+\/)?[^@]+)@(.+)$/.exec(entry.version ?? "");
        if (alias)
          packages.push({
            name: alias[1] as string,
            version: alias[2] as string,
            line: keyLines.get(name) ?? 1,
          });
        else if (entry.version && !entry.version.startsWith("file:"))
          packages.push({ name, version: entry.version, line: keyLines.get(name) ?? 1 });
        if (entry.dependencies) walk(entry.dependencies);
      }
    };
    walk(doc.dependencies);
  }
  return { format: `${kind} v${doc.lockfileVersion ?? 1}`, packages };
}

interface NestedDependency {
  version?: string;
  dependencies?: Record<string, NestedDependency>;
}

/**
 * The package a yarn lockfile key installs: `"@scope/pkg@^1.0.0"`, `pkg@npm:^1.2.0`, or for an alias
 * (`cjs@npm:string-width@^4`) the aliased package.
 */
function nameOfDescriptor(descriptor: string): string {
  const clean = descriptor.trim().replace(/^["']|["']$/g, "");
  const at = clean.indexOf("@", 1);
  if (at === -1) return clean;
  const aliased = /^npm:((?:@[^/@]+\/)?[^@]+)@/.exec(clean.slice(at + 1))?.[1];
  return aliased ?? clean.slice(0, at);
}

/**
 * yarn.lock, classic (v1) and berry (YAML with `__metadata`). Each unindented entry resolves one or
 * more ranges to one version; berry's workspace and link entries pin nothing.
 */
export function parseYarnLock(text: string): Lock {
  const berry = /^__metadata:/m.test(text);
  const packages: LockedPackage[] = [];
  let current: { descriptor: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^[^\s#].*:$/.test(line)) {
      const descriptor = line.slice(0, -1);
      current =
        descriptor === "__metadata" || /@(workspace|link|portal|file):/.test(descriptor)
          ? undefined
          : { descriptor, line: index + 1 };
      return;
    }
    const version = /^\s+version:?\s+"?([^"\s]+)"?\s*$/.exec(line)?.[1];
    if (current && version) {
      packages.push({
        name: nameOfDescriptor(current.descriptor.split(",")[0] ?? ""),
        version,
        line: current.line,
      });
      current = undefined;
    }
  });
  const metadataVersion = berry
    ? /^\s+version:\s*(\S+)/m.exec(text.slice(text.indexOf("__metadata:")))?.[1]
    : undefined;
  return {
    format: berry ? `yarn berry${metadataVersion ? ` (metadata v${metadataVersion})` : ""}` : "yarn v1",
    packages,
  };
}

/**
 * pnpm-lock.yaml `packages` keys: `/pkg/1.0.0_peer@2` (v5), `/pkg@1.0.0(peer@2)` (v6), `pkg@1.0.0`
 * (v9, peers moved to `snapshots`). Peer suffixes are dropped, so a package resolved under several
 * peer sets is one package; local directories and links pin nothing.
 */
export function parsePnpmLock(text: string): Lock {
  const doc = (parseYaml(text) ?? {}) as {
    lockfileVersion?: string | number;
    packages?: Record<string, { resolution?: { directory?: unknown; type?: unknown } } | null>;
  };
  const keyLines = new Map<string, number>();
  text.split(/\r?\n/).forEach((line, index) => {
    const key = /^ {2}(['"]?)(.+?)\1:\s*$/.exec(line)?.[2];
    if (key && !keyLines.has(key)) keyLines.set(key, index + 1);
  });
  const packages: LockedPackage[] = [];
  for (const [key, entry] of Object.entries(doc.packages ?? {})) {
    if (entry?.resolution?.directory !== undefined || entry?.resolution?.type === "directory") continue;
    const bare = key.replace(/\(.*$/, "").replace(/^\//, "");
    const v5 = /^((?:@[^/]+\/)?[^/@]+)\/(\d[^/_]*)(?:_.*)?$/.exec(bare);
    const modern = /^((?:@[^/]+\/)?[^@]+)@(.+)$/.exec(bare);
    const match = v5 ?? modern;
    if (!match || /^(link|workspace):/.test(match[2] as string)) continue;
    packages.push({ name: match[1] as string, version: match[2] as string, line: keyLines.get(key) ?? 1 });
  }
  return { format: `pnpm-lock v${String(doc.lockfileVersion ?? "?")}`, packages };
}
