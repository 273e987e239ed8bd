import type { AsyncBlockingFacts } from "../../../../tools/async-blocking.js";
import { code, table } from "../text.js";
import type { FactsSection } from "./section.js";

const MAX_SITES = 25;

export const asyncBlockingSection: FactsSection<AsyncBlockingFacts> = {
  render(facts) {
    const parts = ["### Blocking calls in async code"];
    const production = facts.sites.filter((site) => !site.isTest);
    if (production.length === 0) {
      parts.push(
        "",
        facts.asyncScopes > 0
          ? `No blocking calls in ${facts.asyncScopes} async functions and route handlers. ✅`
          : "No async functions or route handlers found.",
      );
      return parts.join("\n");
    }
    parts.push(
      "",
      table(
        ["Kind", "Production", "Test"],
        facts.byKind.map((row) => [row.kind, row.production, row.test]),
      ),
      "",
      table(
        ["Location", "Call", "Inside"],
        production
          .slice(0, MAX_SITES)
          .map((site) => [
            code(`${site.file}:${site.line}`),
            code(site.call),
            `${site.context === "handler" ? "route handler" : "async"} ${code(site.scope)}`,
          ]),
      ),
    );
    if (production.length > MAX_SITES)
      parts.push("", `… and ${production.length - MAX_SITES} more (see the JSON report).`);
    return parts.join("\n");
  },
};
