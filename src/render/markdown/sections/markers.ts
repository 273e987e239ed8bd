import type { MarkersFacts } from "../../../../tools/markers.js";
import { code, table } from "../text.js";
import type { FactsSection } from "./section.js";

export const markersSection: FactsSection<MarkersFacts> = {
  render(facts) {
    const rows = (["TODO", "FIXME", "HACK", "XXX"] as const).map((kind) => [
      code(kind),
      facts.byKind[kind].production,
      facts.byKind[kind].test,
    ]);
    const parts = ["### TODO / FIXME / HACK / XXX", table(["Marker", "Production", "Test"], rows)];
    const production = facts.sites.filter((site) => !site.isTest);
    if (production.length > 0) {
      parts.push("", "Production sites:", "");
      for (const site of production.slice(0, 25))
        parts.push(
          `- ${code(`${site.file}:${site.line}`)} ${site.kind}: ${site.text.replace(/^(TODO|FIXME|HACK|XXX)[:\s]*/, "")}`,
        );
      if (production.length > 25) parts.push(`- … and ${production.length - 25} more (see the JSON report)`);
    } else {
      parts.push("", "No markers in production code. ✅");
    }
    return parts.join("\n");
  },
};
